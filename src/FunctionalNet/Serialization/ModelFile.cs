using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionalNet.Serialization;

/// <summary>What a model file holds besides the parameters: how and from what the network was trained.</summary>
/// <param name="LibraryVersion">The FunctionalNet version that wrote the file.</param>
/// <param name="Seed">The training seed.</param>
/// <param name="DatasetSha256">SHA-256 of the training data (empty when not from a dataset).</param>
/// <param name="Training">The training configuration as a JSON object (the shell's options, recipe, command line).</param>
public sealed record ModelMetadata(string LibraryVersion, int Seed, string DatasetSha256, JsonObject Training)
{
    /// <summary>Metadata with no training information.</summary>
    public static ModelMetadata None(string libraryVersion) => new(libraryVersion, 0, "", new JsonObject());
}

/// <summary>A network with its metadata, as stored in a model file.</summary>
public sealed record Model<T>(Network<T> Network, ModelMetadata Metadata) where T : struct, IFloatingPointIeee754<T>;

/// <summary>
/// The model file format, version 1, as pure functions over bytes (the shell does the file I/O and the atomic
/// rename). Layout, all integers little-endian:
/// <code>
/// 8 bytes   magic "FNETMODL"
/// 4 bytes   format version (1)
/// 4 bytes   header length H
/// H bytes   header: UTF-8 JSON {precision, layers: [{kind, inputs, outputs, activation, bias | pieces}],
///           parameters: [{name, rows, columns}], library_version, seed, dataset_sha256, training, model_hash}
/// N bytes   every parameter in header order, column-major, IEEE 754 (float32 or float64) little-endian
/// 32 bytes  SHA-256 of everything before it (the content hash)
/// </code>
/// The model hash is the SHA-256 of the parameters alone (names, shapes and values in order): two runs that
/// train the same bits have the same model hash, whatever their metadata.
/// </summary>
public static class ModelFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "FNETMODL"u8.ToArray();
    private const int HashLength = 32;
    private const int MaxHeaderLength = 16 << 20;

    /// <summary>"f32" or "f64".</summary>
    public static string PrecisionOf<T>() where T : struct, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? "f32" : typeof(T) == typeof(double) ? "f64" : throw new NotSupportedException(typeof(T).Name);

    /// <summary>SHA-256 (lower-case hex) of the network's parameters: names, shapes and raw values in order.</summary>
    public static string ModelHash<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, parameter) in Named(network))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}:{parameter.RowCount}x{parameter.ColumnCount};"));
            hash.AppendData(RawBytes(parameter));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The file's bytes.</summary>
    public static byte[] Encode<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T>
    {
        var network = model.Network;
        var header = Architecture(network);
        header["library_version"] = model.Metadata.LibraryVersion;
        header["seed"] = model.Metadata.Seed;
        header["dataset_sha256"] = model.Metadata.DatasetSha256;
        header["training"] = model.Metadata.Training.DeepClone();
        header["model_hash"] = ModelHash(network);
        return Envelope(Magic, FormatVersion, header, network.Parameters.Bind(p => p));
    }

    /// <summary>
    /// Reads a model file, refusing a foreign, truncated or corrupt file, an unknown version, or one whose
    /// precision is not T, with a one-line reason.
    /// </summary>
    public static Fin<Model<T>> Decode<T>(ReadOnlySpan<byte> bytes) where T : struct, IFloatingPointIeee754<T> =>
        Decode<T>(bytes, Components.BuiltIn);

    /// <summary>
    /// Reads a model file whose layers and activations may be a user's own, named in <paramref name="components"/>;
    /// a file naming a component that is not registered is refused with one line naming it.
    /// </summary>
    public static Fin<Model<T>> Decode<T>(ReadOnlySpan<byte> bytes, Components components) where T : struct, IFloatingPointIeee754<T> =>
        OneLine(Open(bytes, Magic, FormatVersion, "model file").Bind(file => Read(() =>
            from matrices in Matrices<T>(file.Header, file.Data, blocks: 1, "model file")
            from network in NetworkOf(file.Header, matrices, components, "model file")
            from _ in CheckHash(network, (string?)file.Header["model_hash"])
            select new Model<T>(network, new ModelMetadata(
                (string?)file.Header["library_version"] ?? "", (int?)file.Header["seed"] ?? 0, (string?)file.Header["dataset_sha256"] ?? "",
                file.Header["training"] as JsonObject is { } training ? training.DeepClone().AsObject() : new JsonObject())), "model file")));

    // The container shared with CheckpointFile: magic, version, header length, JSON header, raw matrices, SHA-256.

    /// <summary>Magic, version, header length, the UTF-8 JSON header, the matrices' raw values in order, then the SHA-256 of it all.</summary>
    internal static byte[] Envelope<T>(byte[] magic, int version, JsonObject header, IEnumerable<Matrix<T>> matrices)
        where T : struct, IFloatingPointIeee754<T>
    {
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var stream = new MemoryStream();
        stream.Write(magic);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(word, version); stream.Write(word);
        BinaryPrimitives.WriteInt32LittleEndian(word, headerBytes.Length); stream.Write(word);
        stream.Write(headerBytes);
        foreach (var matrix in matrices) stream.Write(RawBytes(matrix));
        stream.Write(SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
        return stream.ToArray();
    }

    /// <summary>
    /// Checks magic, version, content hash and header length, and parses the header; <paramref name="noun"/> names the
    /// kind of file in the refusals. The data is everything between the header and the hash.
    /// </summary>
    internal static Fin<(JsonObject Header, byte[] Data)> Open(ReadOnlySpan<byte> bytes, byte[] magic, int version, string noun)
    {
        if (bytes.Length < magic.Length || !bytes[..magic.Length].SequenceEqual(magic))
            return Error.New($"not a FunctionalNet {noun} (its first bytes are not {Encoding.ASCII.GetString(magic)})");
        if (bytes.Length < magic.Length + 8 + HashLength) return Error.New($"the {noun} is truncated");
        var found = BinaryPrimitives.ReadInt32LittleEndian(bytes[magic.Length..]);
        if (found != version)
            return Error.New($"the {noun} has format version {found}; this FunctionalNet reads version {version}");
        var body = bytes[..^HashLength];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^HashLength..]))
            return Error.New($"the {noun} is corrupt or truncated (its SHA-256 content hash does not match)");
        var start = magic.Length + 8;
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[(magic.Length + 4)..]);
        if (headerLength <= 0 || headerLength > MaxHeaderLength || start + headerLength > body.Length)
            return Error.New($"the {noun}'s header length is invalid");
        var headerBytes = body.Slice(start, headerLength).ToArray();
        var data = body[(start + headerLength)..].ToArray();
        return Read(() => ParseHeader(headerBytes, noun).Map(header => (header, data)), noun);
    }

    // JSON allows a repeated key, and JsonNode throws on one only when the object is first read: a header that repeats
    // a key is ambiguous (which value did the writer mean?), so it is refused by name before it is read.
    private static Fin<JsonObject> ParseHeader(byte[] headerBytes, string noun)
    {
        using (var document = JsonDocument.Parse(headerBytes))
            if (RepeatedKey(document.RootElement) is { } key) return Error.New($"the {noun}'s header repeats the key {Shown(key)}");
        return JsonNode.Parse(headerBytes) is JsonObject header ? header : Error.New($"the {noun}'s header is not a JSON object");
    }

    // The first key that appears twice in one object, at any depth (JsonDocument limits the depth to 64).
    private static string? RepeatedKey(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new System.Collections.Generic.HashSet<string>();
            foreach (var property in element.EnumerateObject())
                if (!seen.Add(property.Name)) return property.Name;
                else if (RepeatedKey(property.Value) is { } inner) return inner;
        }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray())
                if (RepeatedKey(item) is { } inner) return inner;
        return null;
    }

    /// <summary>A string from a file, as a refusal quotes it: JSON-escaped (so it stays on one line) and at most 40 characters.</summary>
    internal static string Shown(string? text) =>
        text is null ? "(none)" : $"'{JsonEncodedText.Encode(text.Length > 40 ? text[..40] + "…" : text)}'";

    /// <summary>
    /// A refusal kept to one line: a file's own strings reach messages (a layer kind, an activation's name), so control
    /// characters are escaped and the line is cut at 400 characters.
    /// </summary>
    internal static Fin<A> OneLine<A>(Fin<A> read) => Reworded(read, message =>
    {
        var line = string.Concat(message.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return line.Length > 400 ? line[..400] + "…" : line;
    });

    /// <summary>A failure with its message rewritten; a success as it is.</summary>
    internal static Fin<A> Reworded<A>(Fin<A> result, Func<string, string> reword) =>
        result.Match(a => FinSucc(a), e => FinFail<A>(Error.New(reword(e.Message))));

    /// <summary>Runs a reader of a parsed header, turning a missing or mistyped field into a refusal naming the file.</summary>
    internal static Fin<A> Read<A>(Func<Fin<A>> read, string noun)
    {
        try
        {
            return read();
        }
        catch (NullReferenceException)
        {
            return Error.New($"the {noun}'s header is malformed (a field it needs is missing or null)");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return Error.New($"the {noun}'s header is malformed ({e.Message})");
        }
    }

    /// <summary>The precision, the layers and the parameter shapes of a network, as header fields.</summary>
    internal static JsonObject Architecture<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> => new()
    {
        ["precision"] = PrecisionOf<T>(),
        ["layers"] = new JsonArray(network.Layers.Select(LayerJson).ToArray()),
        ["parameters"] = new JsonArray(Named(network).Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name, ["rows"] = p.Parameter.RowCount, ["columns"] = p.Parameter.ColumnCount,
        }).ToArray()),
    };

    /// <summary>
    /// The data read as <paramref name="blocks"/> consecutive copies of the header's parameter shapes (a network, then
    /// values shaped like it), refusing another precision or a length that does not match.
    /// </summary>
    internal static Fin<Seq<Seq<Matrix<T>>>> Matrices<T>(JsonObject header, ReadOnlySpan<byte> data, int blocks, string noun)
        where T : struct, IFloatingPointIeee754<T>
    {
        var precision = (string?)header["precision"];
        if (precision is not ("f32" or "f64")) return Error.New($"the {noun}'s precision is {Shown(precision)}, not f32 or f64");
        if (precision != PrecisionOf<T>())
            return Error.New($"the {noun} holds {precision} parameters, not {PrecisionOf<T>()}");
        var shapes = header["parameters"]!.AsArray().Select(p => ((int)p!["rows"]!, (int)p["columns"]!)).ToArray();
        if (shapes.Length == 0) return Error.New($"the {noun} lists no parameters");
        if (System.Array.FindIndex(shapes, s => s.Item1 <= 0 || s.Item2 <= 0) is >= 0 and var bad)
            return Error.New($"the {noun} declares a {shapes[bad].Item1}×{shapes[bad].Item2} parameter; rows and columns must be ≥ 1");
        // Bytes counted in 128 bits (rows × columns × 8 can pass 2⁶³ summed over a long list) and compared with the
        // bytes present before anything is allocated: a shape whose size wraps 32 bits never reaches an array or BLAS.
        var size = Unsafe.SizeOf<T>();
        var needed = (UInt128)(uint)blocks * shapes.Aggregate(UInt128.Zero, (sum, s) => sum + (UInt128)(uint)s.Item1 * (uint)s.Item2 * (uint)size);
        if (needed != (UInt128)data.Length)
            return Error.New($"the {noun}'s parameter data has {data.Length} bytes but its header describes {needed}");
        var result = Seq<Seq<Matrix<T>>>();
        var offset = 0;
        for (var block = 0; block < blocks; block++)
        {
            var matrices = new List<Matrix<T>>();
            foreach (var (rows, columns) in shapes)
            {
                var values = new T[rows * columns];
                data.Slice(offset, values.Length * size).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                offset += values.Length * size;
                matrices.Add(Matrix<T>.Build.Dense(rows, columns, values));
            }
            result = result.Add(toSeq(matrices).Strict());
        }
        return result;
    }

    /// <summary>The network the header's layers describe, with the first block of matrices as its parameters.</summary>
    internal static Fin<Network<T>> NetworkOf<T>(JsonObject header, Seq<Seq<Matrix<T>>> blocks, Components components, string noun)
        where T : struct, IFloatingPointIeee754<T> =>
        from layers in BuildLayers(header["layers"]!.AsArray(), blocks.Head, components, noun)
        from network in Reworded(Network.Create(layers), message => $"the {noun}'s layers do not chain: {message}")
        from _ in CheckNames(header["parameters"]!.AsArray(), network, noun)
        select network;

    // The parameter list names the network's parameters in order (W1, b1, …), as Architecture writes it.
    private static Fin<Unit> CheckNames<T>(JsonArray parameters, Network<T> network, string noun) where T : struct, IFloatingPointIeee754<T>
    {
        var names = Named(network).Select(p => p.Name).ToArray();
        var declared = parameters.Select(p => (string?)p!["name"]).ToArray();
        var first = Enumerable.Range(0, names.Length).FirstOrDefault(k => names[k] != declared[k], -1);
        return first < 0 ? unit : Error.New($"the {noun}'s parameter {first + 1} is named {Shown(declared[first])}; its layers make it {names[first]}");
    }

    private static Fin<Unit> CheckHash<T>(Network<T> network, string? expected) where T : struct, IFloatingPointIeee754<T> =>
        expected == ModelHash(network) ? unit : Error.New("the model file's parameters do not match its model hash");

    // Each layer takes its kind's number of matrices, in order; every matrix must be used.
    private static Fin<Seq<Layer<T>>> BuildLayers<T>(JsonArray layers, Seq<Matrix<T>> matrices, Components components, string noun)
        where T : struct, IFloatingPointIeee754<T> =>
        layers.Fold(FinSucc((Layers: Seq<Layer<T>>(), Left: matrices)), (built, node) => built.Bind(done =>
            from kind in Components.SaidBy(components.Layer((string)node!["kind"]!), noun)
            let settings = Settings(node!.AsObject())
            from count in SaidOf(kind.ParameterCount(settings), noun, done.Layers.Count + 1)
            from _ in count >= 1 && count <= done.Left.Count ? FinSucc(unit) : Error.New($"the {noun} has fewer parameters than its layers need")
            from layer in SaidOf(kind.Create(settings, done.Left.Take(count).Strict(), components), noun, done.Layers.Count + 1)
            from sizes in Sizes(node.AsObject(), layer, done.Layers.Count + 1, noun)
            select (done.Layers.Add(layer), done.Left.Skip(count).Strict())))
        .Bind(done => done.Left.IsEmpty ? FinSucc(done.Layers) : Error.New($"the {noun} has more parameters than its layers use"));

    // A layer kind's refusal as said by the file: a failed lookup ("unknown activation 'x'") as a name the file gives,
    // anything else (a shape, a count) as its layer's.
    private static Fin<A> SaidOf<A>(Fin<A> result, string noun, int index) =>
        Reworded(result, message => message.StartsWith("unknown ") ? $"the {noun} names an {message}" : $"the {noun}'s layer {index}: {message}");

    // The header's inputs and outputs of a layer are those of its matrices.
    private static Fin<Unit> Sizes<T>(JsonObject node, Layer<T> layer, int index, string noun) where T : struct, IFloatingPointIeee754<T> =>
        ((int)node["inputs"]!, (int)node["outputs"]!) is var (inputs, outputs) && (inputs, outputs) == (layer.Inputs, layer.Outputs)
            ? unit
            : Error.New($"the {noun}'s layer {index} declares {inputs} inputs and {outputs} outputs but its weights are {layer.Outputs}×{layer.Inputs}");

    // A layer's settings: its JSON without the fields every layer has.
    private static JsonObject Settings(JsonObject layer) =>
        new(layer.Where(p => p.Key is not ("kind" or "inputs" or "outputs")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private static JsonNode LayerJson<T>(Layer<T> layer) where T : struct, IFloatingPointIeee754<T>
    {
        var json = new JsonObject { ["kind"] = layer.Kind, ["inputs"] = layer.Inputs, ["outputs"] = layer.Outputs };
        foreach (var (key, value) in layer.Settings) json[key] = value?.DeepClone();
        return json;
    }

    /// <summary>Every parameter with its network-wide name (W1, b1, …), in file order.</summary>
    public static IEnumerable<(string Name, Matrix<T> Parameter)> Named<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        network.ParameterNames.Zip(network.Parameters).SelectMany(l => l.Item1.Zip(l.Item2).Select(p => (p.Item1, p.Item2)));

    private static byte[] RawBytes<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T>
    {
        var values = m.AsColumnMajorArray() ?? m.ToColumnMajorArray();
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("model files are little-endian");
        return bytes;
    }
}
