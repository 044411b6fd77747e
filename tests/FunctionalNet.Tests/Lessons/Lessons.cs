namespace FunctionalNet.Tests.Lessons;

/// <summary>Runs a lesson and fails the test with the core's message when it refuses.</summary>
internal static class Lesson
{
    public static T Of<T>(Fin<T> result) => result.Match(r => r, e => throw new InvalidOperationException(e.Message));
}
