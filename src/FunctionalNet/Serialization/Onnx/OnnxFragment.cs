namespace FunctionalNet.Serialization.Onnx;

/// <summary>
/// A piece of an ONNX graph, as a value: the nodes that compute one activation or one layer, and the constant tensors
/// (weights, biases, a slope) they read. <see cref="OnnxModel"/> writes the built-ins' fragments and a user
/// component's own (<see cref="IOnnxActivation"/>, <see cref="IOnnxLayer"/>) into one graph. Tensors in the graph
/// hold one example per row (batch × features), ONNX's convention and the transpose of the library's columns.
/// </summary>
/// <param name="Nodes">The nodes, in an order where each reads only the fragment's input, constants and earlier nodes' outputs.</param>
/// <param name="Constants">The tensors the nodes read (written as the graph's initializers).</param>
public sealed record OnnxFragment(Seq<OnnxNode> Nodes, Seq<OnnxTensor> Constants)
{
    /// <summary>One node and no constants.</summary>
    public static OnnxFragment Of(OnnxNode node) => new(Seq1(node), Seq<OnnxTensor>());

    /// <summary>This fragment followed by <paramref name="next"/>.</summary>
    public OnnxFragment Then(OnnxFragment next) => new(Nodes + next.Nodes, Constants + next.Constants);
}

/// <summary>
/// Where a fragment reads and writes: its <see cref="Input"/> (batch × inputs), the name its last node must write as
/// <see cref="Output"/>, and <see cref="Name"/> for its own intermediate values and constants (unique in the graph).
/// </summary>
/// <param name="Input">The name of the value the fragment reads.</param>
/// <param name="Output">The name of the value the fragment writes.</param>
/// <param name="Prefix">Prefix that makes the fragment's own names unique (e.g. <c>layer2.</c>).</param>
/// <param name="Precision"><c>f32</c> or <c>f64</c>: the element type of every tensor of the graph.</param>
/// <param name="ParameterNames">The network-wide names of the layer's parameters, in the order of <see cref="Layer{T}.Parameters"/>
/// (<c>W1</c>, <c>b1</c>, …, as <c>export --format npz</c> names them): the names its parameter tensors take.</param>
public sealed record OnnxScope(string Input, string Output, string Prefix, string Precision, Seq<string> ParameterNames)
{
    /// <summary>A name of the fragment's own, unique in the graph: the prefix and <paramref name="local"/>.</summary>
    public string Name(string local) => Prefix + local;

    /// <summary>The same scope reading <paramref name="input"/> and writing <paramref name="output"/>.</summary>
    public OnnxScope Between(string input, string output) => this with { Input = input, Output = output };
}

/// <summary>One ONNX operator applied to named values, writing one named value.</summary>
/// <param name="OpType">The operator, e.g. <c>Gemm</c>, <c>Relu</c> (ONNX's default domain, opset <see cref="OnnxModel.Opset"/>).</param>
/// <param name="Inputs">The names of its inputs, in the operator's order (an empty name skips an optional input).</param>
/// <param name="Output">The name of its output.</param>
/// <param name="Attributes">Its attributes.</param>
public sealed record OnnxNode(string OpType, Seq<string> Inputs, string Output, Seq<OnnxAttribute> Attributes)
{
    /// <summary>A node without attributes.</summary>
    public OnnxNode(string opType, Seq<string> inputs, string output) : this(opType, inputs, output, Seq<OnnxAttribute>()) { }
}

/// <summary>An attribute of a node: ONNX stores a float attribute in single precision and an int in 64 bits.</summary>
public abstract record OnnxAttribute(string Name)
{
    /// <summary>A single-precision attribute (e.g. LeakyRelu's <c>alpha</c>).</summary>
    public sealed record Float(string Name, float Value) : OnnxAttribute(Name);

    /// <summary>An integer attribute (e.g. Softmax's <c>axis</c>, Gemm's <c>transB</c>).</summary>
    public sealed record Int(string Name, long Value) : OnnxAttribute(Name);
}

/// <summary>
/// A constant tensor: its shape and its values in row-major (C) order, written in the graph's precision. Values are
/// held as double, which holds every float exactly, so a float32 model's weights reach the file bit for bit.
/// </summary>
/// <param name="Name">Its name in the graph.</param>
/// <param name="Shape">Its dimensions (empty for a scalar).</param>
/// <param name="Values">Its values, row-major.</param>
public sealed record OnnxTensor(string Name, Seq<long> Shape, double[] Values)
{
    /// <summary>A matrix as a rows × columns tensor (W: outputs × inputs, as the library holds it).</summary>
    public static OnnxTensor Matrix<T>(string name, Matrix<T> matrix) where T : struct, IFloatingPointIeee754<T> =>
        new(name, Seq((long)matrix.RowCount, (long)matrix.ColumnCount), matrix.ToRowMajorArray().Select(double.CreateChecked).ToArray());

    /// <summary>A column (a bias, outputs × 1) as a vector of its rows, which ONNX broadcasts over the batch's rows.</summary>
    public static OnnxTensor Vector<T>(string name, Matrix<T> column) where T : struct, IFloatingPointIeee754<T> =>
        new(name, Seq1((long)column.RowCount), column.Column(0).Select(double.CreateChecked).ToArray());

    /// <summary>A scalar (e.g. a slope), broadcast against any tensor.</summary>
    public static OnnxTensor Scalar(string name, double value) => new(name, Seq<long>(), [value]);
}

/// <summary>
/// An activation with an ONNX form: a user activation implements this to be exportable (the built-ins' forms are in
/// <see cref="OnnxForms"/>). The fragment computes f element-wise (or per row, for an activation of a whole example)
/// from <see cref="OnnxScope.Input"/> (batch × units) to <see cref="OnnxScope.Output"/>.
/// </summary>
public interface IOnnxActivation
{
    /// <summary>The nodes computing A = f(Z), Z the scope's input.</summary>
    OnnxFragment Onnx(OnnxScope scope);
}

/// <summary>
/// A layer with an ONNX form: a user layer implements this to be exportable. The fragment computes the layer's output
/// (batch × <see cref="Layer{T}.Outputs"/>) from <see cref="OnnxScope.Input"/> (batch × <see cref="Layer{T}.Inputs"/>),
/// with the layer's parameters as constants (<see cref="OnnxTensor.Matrix{T}"/>).
/// </summary>
public interface IOnnxLayer
{
    /// <summary>The nodes and parameters computing the layer's output from the scope's input.</summary>
    OnnxFragment Onnx(OnnxScope scope);
}
