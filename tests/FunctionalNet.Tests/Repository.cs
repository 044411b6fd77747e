namespace FunctionalNet.Tests;

/// <summary>The repository the tests run in: its root (where FunctionalNet.sln is) and its text files.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FunctionalNet.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root");
        }
    }

    /// <summary>A file's text with \n line ends, by its path from the root with / separators.</summary>
    public static string Text(string path) =>
        File.ReadAllText(Path.Combine([Root, .. path.Split('/')])).Replace("\r\n", "\n");
}
