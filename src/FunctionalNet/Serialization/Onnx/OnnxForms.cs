namespace FunctionalNet.Serialization.Onnx;

/// <summary>
/// The ONNX form of each built-in component, and the door for a user's own (<see cref="IOnnxActivation"/>,
/// <see cref="IOnnxLayer"/>). A dense layer is Gemm(A_prev, W, b) with transB = 1, i.e. Z = A_prev·Wᵀ + bᵀ (the
/// lecture's W·A_prev + B with examples as rows), then its activation; maxout is one Gemm per piece and Max of them.
/// In float32 the activations are ONNX's own operators. In float64 leaky ReLU and ELU are spelt out with Where, because
/// ONNX keeps their slope as a float32 attribute, which would round the model's double slope.
/// </summary>
public static class OnnxForms
{
    /// <summary>The nodes computing A = f(Z) from the scope's input, or why f has no ONNX form.</summary>
    public static Fin<OnnxFragment> Activation(Activation f, OnnxScope scope) => f switch
    {
        IOnnxActivation own => own.Onnx(scope),
        FunctionalNet.Activation.Sigmoid => Unary("Sigmoid", scope),
        FunctionalNet.Activation.Tanh => Unary("Tanh", scope),
        FunctionalNet.Activation.ReLU => Unary("Relu", scope),
        FunctionalNet.Activation.Identity => Unary("Identity", scope),
        // softmax over each example: the last axis of batch × classes
        FunctionalNet.Activation.Softmax => OnnxFragment.Of(new OnnxNode("Softmax", Seq1(scope.Input), scope.Output, Seq1<OnnxAttribute>(new OnnxAttribute.Int("axis", -1)))),
        FunctionalNet.Activation.LeakyReLU leaky when scope.Precision == "f32" =>
            OnnxFragment.Of(new OnnxNode("LeakyRelu", Seq1(scope.Input), scope.Output, Seq1<OnnxAttribute>(new OnnxAttribute.Float("alpha", (float)leaky.Slope)))),
        // f(z) = z > 0 ? z : slope·z
        FunctionalNet.Activation.LeakyReLU leaky => WhereNegative(scope, Seq1(
            new OnnxNode("Mul", Seq(scope.Input, scope.Name("slope")), scope.Name("negative"))), OnnxTensor.Scalar(scope.Name("slope"), leaky.Slope)),
        FunctionalNet.Activation.ELU elu when scope.Precision == "f32" =>
            OnnxFragment.Of(new OnnxNode("Elu", Seq1(scope.Input), scope.Output, Seq1<OnnxAttribute>(new OnnxAttribute.Float("alpha", (float)elu.Alpha)))),
        // f(z) = z > 0 ? z : alpha·(e^z − 1)
        FunctionalNet.Activation.ELU elu => WhereNegative(scope, Seq(
                new OnnxNode("Exp", Seq1(scope.Input), scope.Name("exp")),
                new OnnxNode("Sub", Seq(scope.Name("exp"), scope.Name("one")), scope.Name("expm1")),
                new OnnxNode("Mul", Seq(scope.Name("alpha"), scope.Name("expm1")), scope.Name("negative"))),
            OnnxTensor.Scalar(scope.Name("alpha"), elu.Alpha), OnnxTensor.Scalar(scope.Name("one"), 1)),
        FunctionalNet.Activation.Step => Error.New("the step activation has no ONNX form (ONNX has no step operator)"),
        _ => Error.New($"the activation '{f.Name}' has no ONNX form (a user activation gets one by implementing IOnnxActivation)"),
    };

    /// <summary>The nodes computing the layer's output from the scope's input, or why the layer has no ONNX form.</summary>
    public static Fin<OnnxFragment> Layer<T>(Layer<T> layer, OnnxScope scope) where T : struct, IFloatingPointIeee754<T> => layer switch
    {
        IOnnxLayer own => own.Onnx(scope),
        DenseLayer<T> dense =>
            from activation in Activation(dense.Activation, scope.Between(scope.Name("Z"), scope.Output))
            select Affine(scope, dense.Weights, dense.Bias, scope.ParameterNames, scope.Name("Z")).Then(activation),
        // A = max_p Z_p, Z_p = A_prev·W_pᵀ + b_pᵀ; the parameters are W_1 … W_k, then b_1 … b_k
        MaxoutLayer<T> maxout => toSeq(Enumerable.Range(0, maxout.Pieces)).Map(p => Affine(scope, maxout.Weights[p], Some(maxout.Biases[p]),
                Seq(scope.ParameterNames[p], scope.ParameterNames[maxout.Pieces + p]), scope.Name($"Z_{p + 1}")))
            .Fold(new OnnxFragment(Seq<OnnxNode>(), Seq<OnnxTensor>()), (all, piece) => all.Then(piece))
            .Then(OnnxFragment.Of(new OnnxNode("Max", toSeq(Enumerable.Range(1, maxout.Pieces).Select(p => scope.Name($"Z_{p}"))).Strict(), scope.Output))),
        _ => Error.New($"the layer kind '{layer.Kind}' has no ONNX form (a user layer gets one by implementing IOnnxLayer)"),
    };

    // Z = A_prev·Wᵀ + bᵀ as one Gemm (transB = 1: W stays outputs × inputs, as the library and the .npz export hold it).
    private static OnnxFragment Affine<T>(OnnxScope scope, Matrix<T> weights, Option<Matrix<T>> bias, Seq<string> names, string output)
        where T : struct, IFloatingPointIeee754<T>
    {
        var constants = bias.Match(b => Seq(OnnxTensor.Matrix(names[0], weights), OnnxTensor.Vector(names[1], b)), () => Seq1(OnnxTensor.Matrix(names[0], weights)));
        var gemm = new OnnxNode("Gemm", (Seq1(scope.Input) + constants.Map(c => c.Name)).Strict(), output,
            Seq1<OnnxAttribute>(new OnnxAttribute.Int("transB", 1)));
        return new OnnxFragment(Seq1(gemm), constants);
    }

    private static Fin<OnnxFragment> Unary(string operatorName, OnnxScope scope) =>
        OnnxFragment.Of(new OnnxNode(operatorName, Seq1(scope.Input), scope.Output));

    // output = Where(Z > 0, Z, negative), the nodes given computing the branch for z ≤ 0 into scope.Name("negative").
    private static Fin<OnnxFragment> WhereNegative(OnnxScope scope, Seq<OnnxNode> negative, params OnnxTensor[] constants) =>
        new OnnxFragment(negative + Seq(
                new OnnxNode("Greater", Seq(scope.Input, scope.Name("zero")), scope.Name("positive")),
                new OnnxNode("Where", Seq(scope.Name("positive"), scope.Input, scope.Name("negative")), scope.Output)),
            toSeq(constants).Add(OnnxTensor.Scalar(scope.Name("zero"), 0)).Strict());
}
