using FunctionalNet.Serialization;

namespace FunctionalNet.Cli;

/// <summary>A model loaded from disk in whichever precision it was saved.</summary>
public abstract record LoadedModel
{
    private LoadedModel() { }

    /// <summary>A float32 model.</summary>
    public sealed record Single(Model<float> Model) : LoadedModel;

    /// <summary>A float64 model.</summary>
    public sealed record Double(Model<double> Model) : LoadedModel;

    /// <summary>Calls <paramref name="user"/> with the model in its own precision.</summary>
    public R Apply<R>(IModelUser<R> user) => this switch
    {
        Single s => user.Use(s.Model),
        Double d => user.Use(d.Model),
        _ => throw new UnreachableException(),
    };

    /// <summary>The model hash of the parameters.</summary>
    public string ModelHash => this switch
    {
        Single s => ModelFile.ModelHash(s.Model.Network),
        Double d => ModelFile.ModelHash(d.Model.Network),
        _ => throw new UnreachableException(),
    };
}

/// <summary>Something done with a model of either precision (C# has no generic lambdas, so an interface).</summary>
public interface IModelUser<out R>
{
    /// <summary>Uses the model.</summary>
    R Use<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T>;
}

/// <summary>Model files on disk: atomic saves, and loads that refuse damage with one line.</summary>
public static class ModelStore
{
    /// <summary>Saves atomically; returns the model hash.</summary>
    public static string Save<T>(string path, Model<T> model) where T : struct, IFloatingPointIeee754<T>
    {
        AtomicFile.Write(path, ModelFile.Encode(model));
        return ModelFile.ModelHash(model.Network);
    }

    /// <summary>Loads a model file of either precision, or fails (exit code 1) naming the file and the reason.</summary>
    public static LoadedModel Load(string path)
    {
        var bytes = RegularFile.Read(path, "model file", RegularFile.ModelCap, $"model file not found: {path}");
        var asSingle = ModelFile.Decode<float>(bytes);
        if (asSingle.IsSucc) return new LoadedModel.Single(asSingle.ThrowIfFail());
        var asDouble = ModelFile.Decode<double>(bytes);
        if (asDouble.IsSucc) return new LoadedModel.Double(asDouble.ThrowIfFail());
        // Report the reason that is not merely the other precision.
        var reason = asSingle.Match(_ => "", e => e.Message);
        if (reason.Contains("parameters, not f32")) reason = asDouble.Match(_ => "", e => e.Message);
        throw ShellException.Failure($"cannot load {path}: {reason}");
    }
}
