using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using FunctionalNet.Serialization.Onnx.Proto;

namespace FunctionalNet.Serialization.Onnx;

/// <summary>
/// A model as ONNX bytes, pure: one graph from the input <c>input</c> (batch × inputs, the batch dimension named
/// <c>batch</c> and left open) through every layer's <see cref="OnnxForms"/> fragment to the output <c>output</c>
/// (batch × outputs), the parameters as initializers under their library names (W1, b1, …), in the model's precision
/// (float32 or float64), opset <see cref="Opset"/>. The model hash and how the model was made are its metadata_props.
/// The messages are written by Google.Protobuf from our own subset of ONNX's schema (<c>onnx.proto</c> beside this file).
/// </summary>
public static class OnnxModel
{
    /// <summary>The ONNX operator set the graph uses (the default domain).</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written: 8, the first that carries opset 17.</summary>
    public const long IrVersion = 8;

    /// <summary>The graph's input: batch × the network's inputs.</summary>
    public const string InputName = "input";

    /// <summary>The graph's output: batch × the network's outputs (A_L).</summary>
    public const string OutputName = "output";

    /// <summary>The name of the open batch dimension of input and output.</summary>
    public const string BatchDimension = "batch";

    /// <summary>
    /// The ONNX bytes of <paramref name="model"/>, or one line saying which layer ONNX cannot express (the step
    /// activation; a user component without <see cref="IOnnxActivation"/> or <see cref="IOnnxLayer"/>).
    /// <paramref name="producerVersion"/> is the exporting FunctionalNet's version.
    /// </summary>
    public static Fin<byte[]> Encode<T>(Model<T> model, string producerVersion) where T : struct, IFloatingPointIeee754<T>
    {
        var network = model.Network;
        var precision = ModelFile.PrecisionOf<T>();
        var last = network.Layers.Count - 1;
        var fragments = toSeq(network.Layers.Zip(network.ParameterNames).Select((layer, l) =>
        {
            var scope = new OnnxScope(l == 0 ? InputName : $"A{l}", l == last ? OutputName : $"A{l + 1}", $"layer{l + 1}.", precision, layer.Item2);
            return OnnxForms.Layer(layer.Item1, scope)
                .Bind(fragment => fragment.Nodes.Exists(n => n.Output == scope.Output) ? FinSucc(fragment) : Error.New($"its ONNX form does not write {scope.Output}"))
                .Match(FinSucc, e => FinFail<OnnxFragment>(Error.New($"cannot export layer {l + 1} to ONNX: {e.Message}")));
        })).Sequence();
        return fragments.Map(all =>
        {
            var graph = new GraphProto { Name = "functionalnet" };
            graph.Input.Add(Value(InputName, ElementType<T>(), network.Inputs));
            graph.Output.Add(Value(OutputName, ElementType<T>(), network.Outputs));
            foreach (var fragment in all)
            {
                graph.Node.Add(fragment.Nodes.Map(Node));
                graph.Initializer.Add(fragment.Constants.Map(Tensor<T>));
            }
            var onnx = new ModelProto
            {
                IrVersion = IrVersion,
                ProducerName = "FunctionalNet",
                ProducerVersion = producerVersion,
                Graph = graph,
                DocString = $"A FunctionalNet network {string.Join("-", network.Layers.Map(l => l.Inputs).Add(network.Outputs))}, {precision}",
            };
            onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
            onnx.MetadataProps.Add(Metadata(model).Map(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
            return onnx.ToByteArray();
        });
    }

    /// <summary>
    /// The metadata_props: model_hash, precision, layers (sizes), architecture (the model file's layer list as JSON),
    /// activations (per layer), library_version (of the training run), seed, dataset_sha256, and the training
    /// configuration (as JSON, and its recipe, when it has one).
    /// </summary>
    public static Seq<KeyValuePair<string, string>> Metadata<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T>
    {
        var network = model.Network;
        var training = model.Metadata.Training;
        var pairs = Seq(
            ("model_hash", ModelFile.ModelHash(network)),
            ("precision", ModelFile.PrecisionOf<T>()),
            ("layers", string.Join(",", network.Layers.Map(l => l.Inputs).Add(network.Outputs))),
            ("architecture", ModelFile.Architecture(network)["layers"]!.ToJsonString()),
            ("activations", string.Join(",", network.Layers.Map(Activation))),
            ("library_version", model.Metadata.LibraryVersion),
            ("seed", model.Metadata.Seed.ToString(CultureInfo.InvariantCulture)),
            ("dataset_sha256", model.Metadata.DatasetSha256),
            ("recipe", training["recipe"] is JsonValue recipe && recipe.TryGetValue<string>(out var name) ? name : ""),
            ("training", training.ToJsonString()));
        return pairs.Filter(p => p.Item2 != "").Map(p => KeyValuePair.Create(p.Item1, p.Item2)).Strict();
    }

    // What a layer applies after its affine part: its activation, or its kind (maxout(2)) when it has none of its own.
    private static string Activation<T>(Layer<T> layer) where T : struct, IFloatingPointIeee754<T> => layer switch
    {
        DenseLayer<T> dense => dense.Activation.ToString(),
        MaxoutLayer<T> maxout => $"maxout({maxout.Pieces})",
        _ => layer.Kind,
    };

    private static int ElementType<T>() where T : struct, IFloatingPointIeee754<T> =>
        (int)(typeof(T) == typeof(double) ? TensorProto.Types.DataType.Double : TensorProto.Types.DataType.Float);

    // batch × size, the batch left open.
    private static ValueInfoProto Value(string name, int elementType, int size)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = size });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } } };
    }

    private static NodeProto Node(OnnxNode node)
    {
        var proto = new NodeProto { Name = node.Output, OpType = node.OpType, Domain = "" };
        proto.Input.Add(node.Inputs);
        proto.Output.Add(node.Output);
        proto.Attribute.Add(node.Attributes.Map(attribute => attribute switch
        {
            OnnxAttribute.Float f => new AttributeProto { Name = f.Name, Type = AttributeProto.Types.AttributeType.Float, F = f.Value },
            OnnxAttribute.Int i => new AttributeProto { Name = i.Name, Type = AttributeProto.Types.AttributeType.Int, I = i.Value },
            _ => throw new UnreachableException(),
        }));
        return proto;
    }

    // Values little-endian in the graph's precision, as ONNX's raw_data.
    private static TensorProto Tensor<T>(OnnxTensor tensor) where T : struct, IFloatingPointIeee754<T>
    {
        var size = typeof(T) == typeof(double) ? 8 : 4;
        var bytes = new byte[tensor.Values.Length * size];
        for (var k = 0; k < tensor.Values.Length; k++)
            if (size == 8) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * k), tensor.Values[k]);
            else BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * k), (float)tensor.Values[k]);
        var proto = new TensorProto { Name = tensor.Name, DataType = ElementType<T>(), RawData = ByteString.CopyFrom(bytes) };
        proto.Dims.Add(tensor.Shape);
        return proto;
    }
}
