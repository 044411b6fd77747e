using System.Security.Cryptography;
using FunctionalNet.Cli.Data;

namespace FunctionalNet.Cli;

/// <summary>The SHA-256 of a dataset's four files, and one hash naming the whole dataset.</summary>
public sealed record DatasetHashes(IReadOnlyDictionary<string, string> Files)
{
    /// <summary>SHA-256 of the four files' hashes in the standard order: one name for the exact data.</summary>
    public string Combined => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Join("\n", Files.Values))));

    /// <summary>Hashes the files of <paramref name="source"/> (a known checksum is trusted: the loader verified it).</summary>
    public static DatasetHashes Of(DataSource source) => new(
        new[] { source.TrainImages, source.TrainLabels, source.TestImages, source.TestLabels }.ToDictionary(
            f => f.Name,
            f => f.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(RegularFile.Read(f.Path, "IDX file", FunctionalNet.Data.Idx.MaxBytes, $"dataset file not found: {f.Path}")))));
}
