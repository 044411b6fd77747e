namespace FunctionalNet.Cli;

/// <summary>
/// Slow-downs that let a test kill a child process at a chosen moment: during training, or in the middle of writing a
/// file. Read once from the environment; unset (always, outside the tests), they do nothing. They change when things
/// happen, never what is computed or written.
/// </summary>
internal static class TestHooks
{
    /// <summary>Milliseconds to sleep after each training update: <c>FUNCTIONALNET_TEST_UPDATE_DELAY_MS</c>.</summary>
    public static int UpdateDelay { get; } = Milliseconds("FUNCTIONALNET_TEST_UPDATE_DELAY_MS");

    /// <summary>
    /// Milliseconds to pause an atomic write after half of the temporary file is on disk, before the rest and the rename:
    /// <c>FUNCTIONALNET_TEST_WRITE_PAUSE_MS</c>.
    /// </summary>
    public static int WritePause { get; } = Milliseconds("FUNCTIONALNET_TEST_WRITE_PAUSE_MS");

    private static int Milliseconds(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
}
