using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FunctionalNet.Testing;

/// <summary>
/// Files someone could write by hand: a valid model file or checkpoint taken apart, its header changed, and put back
/// together with its model_hash and its SHA-256 recomputed (they are not keys: anyone can recompute them). Shared by the
/// example tests and the properties.
/// </summary>
public static class CraftedFiles
{
    private const int Prefix = 16;       // magic, version, header length
    private const int HashLength = 32;

    /// <summary>The header's JSON text and the data (the parameters' bytes) of a model file or checkpoint.</summary>
    public static (string Header, byte[] Data) Open(byte[] file)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12));
        return (Encoding.UTF8.GetString(file, Prefix, length), file[(Prefix + length)..^HashLength]);
    }

    /// <summary>The file (its magic and version kept) with this header text and data, and the SHA-256 of it all after them.</summary>
    public static byte[] Seal(byte[] file, string header, byte[] data)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var body = new byte[Prefix + headerBytes.Length + data.Length];
        file.AsSpan(0, 12).CopyTo(body);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(12), headerBytes.Length);
        headerBytes.CopyTo(body, Prefix);
        data.CopyTo(body, Prefix + headerBytes.Length);
        return [.. body, .. SHA256.HashData(body)];
    }

    /// <summary>
    /// The file with its header changed by <paramref name="change"/> (and its data by <paramref name="data"/>), its
    /// model_hash recomputed from the changed parameter list and data where the list fits the data, and sealed.
    /// </summary>
    public static byte[] Craft(byte[] file, Action<JsonObject> change, Func<byte[], byte[]>? data = null)
    {
        var (text, values) = Open(file);
        var header = JsonNode.Parse(text)!.AsObject();
        change(header);
        values = data?.Invoke(values) ?? values;
        if (ModelHash(header, values) is { } hash) header["model_hash"] = hash;
        return Seal(file, header.ToJsonString(), values);
    }

    /// <summary>The file with its header text edited as text (for what JsonObject cannot hold, such as a repeated key), and sealed.</summary>
    public static byte[] CraftText(byte[] file, Func<string, string> change)
    {
        var (text, values) = Open(file);
        return Seal(file, change(text), values);
    }

    // As ModelFile.ModelHash: SHA-256 of "name:rows×columns;" and the raw bytes of each parameter of the first block.
    // Null when the list does not describe the data (the reader refuses such a file before it looks at the hash).
    private static string? ModelHash(JsonObject header, byte[] data)
    {
        if (header["parameters"] is not JsonArray parameters) return null;
        var size = header["precision"] is JsonValue p && p.TryGetValue<string>(out var precision) && precision == "f32" ? 4L : 8L;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var offset = 0L;
        foreach (var parameter in parameters)
        {
            if (parameter is not JsonObject o || !Whole(o["rows"], out var rows) || !Whole(o["columns"], out var columns)) return null;
            if (rows <= 0 || columns <= 0 || rows > data.Length || columns > data.Length || offset + rows * columns * size > data.Length) return null;
            var name = o["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "";
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}:{rows}x{columns};"));
            hash.AppendData(data, (int)offset, (int)(rows * columns * size));
            offset += rows * columns * size;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool Whole(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue<int>(out var i) && (value = i) == i;
    }
}
