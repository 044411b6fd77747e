namespace FunctionalNet.Cli;

/// <summary><c>functionalnet data</c>: getting and looking at the datasets.</summary>
public static class DataCommand
{
    /// <summary>Builds the command with its subcommands <c>fetch</c>, <c>show</c> and <c>subset</c>.</summary>
    public static Command Create(Io io)
    {
        var command = new Command("data",
            "Get MNIST (checked by SHA-256), look at MNIST, Fashion-MNIST or a directory of IDX files, and cut subsets of them.\n" +
            "Examples:\n  functionalnet data fetch mnist\n  functionalnet data show mnist --index 7\n  functionalnet data show fashion\n  functionalnet data subset mnist --train 3000 --test 1000 --out data/mnist-3k");
        command.Subcommands.Add(DataFetchCommand.Create(io));
        command.Subcommands.Add(DataShowCommand.Create(io));
        command.Subcommands.Add(DataSubsetCommand.Create(io));
        return command;
    }
}
