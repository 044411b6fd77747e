namespace FunctionalNet.Cli;

/// <summary><c>functionalnet data</c>: getting and looking at the datasets.</summary>
public static class DataCommand
{
    /// <summary>Builds the command with its subcommands <c>fetch</c> and <c>show</c>.</summary>
    public static Command Create(Io io)
    {
        var command = new Command("data",
            "Get MNIST (checked by SHA-256) and look at MNIST, Fashion-MNIST or a directory of IDX files.\n" +
            "Examples:\n  functionalnet data fetch mnist\n  functionalnet data show mnist --index 7\n  functionalnet data show fashion");
        command.Subcommands.Add(DataFetchCommand.Create(io));
        command.Subcommands.Add(DataShowCommand.Create(io));
        return command;
    }
}
