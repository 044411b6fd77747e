using System.Reflection;

namespace FunctionalNet.Cli;

/// <summary>
/// A user's components, from their own assembly (<c>--components PATH.dll</c>). The convention: the assembly has one
/// public static class with a public static method <c>Components Register(Components registry)</c> that returns the
/// registry with its components added (<see cref="Components.WithActivation"/>, <see cref="Components.WithLoss(string, Func{double?, Loss})"/>, …).
/// The shell loads the assembly, calls it on <see cref="Components.BuiltIn"/> and looks the command line's names up
/// in what it returns. A missing file, an assembly that cannot be loaded, no such method or more than one is one line
/// on stderr and exit code 1.
/// </summary>
public static class ComponentAssembly
{
    /// <summary>The method's name in the convention.</summary>
    public const string MethodName = "Register";

    /// <summary>The built-in components with the assembly's at <paramref name="path"/> added.</summary>
    public static Components Load(string option, string path)
    {
        if (!File.Exists(path)) throw ShellException.Failure($"{option}: assembly not found: {path}");
        MethodInfo[] registers;
        try
        {
            registers = Assembly.LoadFrom(Path.GetFullPath(path)).GetExportedTypes()
                .Where(type => type is { IsAbstract: true, IsSealed: true })   // a static class
                .Select(type => type.GetMethod(MethodName, BindingFlags.Public | BindingFlags.Static, [typeof(Components)]))
                .OfType<MethodInfo>()
                .Where(method => method.ReturnType == typeof(Components))
                .ToArray();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException)
        {
            throw ShellException.Failure($"{option}: cannot load {path}: {e.Message}");
        }
        var register = registers.Length switch
        {
            0 => throw ShellException.Failure($"{option}: {path} has no public static class with a public static " +
                $"'Components {MethodName}(Components registry)' method"),
            1 => registers[0],
            _ => throw ShellException.Failure($"{option}: {path} has {registers.Length} {MethodName} methods " +
                $"({string.Join(", ", registers.Select(m => m.DeclaringType!.FullName))}); keep one"),
        };
        try
        {
            return register.Invoke(null, [Components.BuiltIn]) as Components
                ?? throw ShellException.Failure($"{option}: {register.DeclaringType!.FullName}.{MethodName} returned no registry");
        }
        catch (TargetInvocationException e)
        {
            throw ShellException.Failure($"{option}: {register.DeclaringType!.FullName}.{MethodName} failed: {e.InnerException?.Message ?? e.Message}");
        }
    }
}
