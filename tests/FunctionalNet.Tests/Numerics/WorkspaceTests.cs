using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>The per-step pool: arrays come back at the end of their scope and are reused; results never come from it.</summary>
public class WorkspaceTests
{
    [Fact]
    public void AnArrayRentedInAScopeIsReusedByTheNextScope()
    {
        double[] first;
        using (Workspace.Enter()) first = Workspace.Rent<double>(12345);
        using (Workspace.Enter()) Assert.Same(first, Workspace.Rent<double>(12345));
    }

    [Fact]
    public void ScopesThatRentNothingDoNotAgeThePooledArrays()
    {
        // Lane 1 opens a scope for every job, some of which rent nothing: those scopes must not make the steps' arrays idle.
        double[] first;
        using (Workspace.Enter()) first = Workspace.Rent<double>(23457);
        for (var k = 0; k < 5; k++) using (Workspace.Enter()) { }
        using (Workspace.Enter()) Assert.Same(first, Workspace.Rent<double>(23457));
    }

    [Fact]
    public void AnArrayLeftIdleByThreeScopesThatRentIsDropped()
    {
        // A change of shapes must not keep the old shapes' memory.
        double[] first;
        using (Workspace.Enter()) first = Workspace.Rent<double>(23459);
        for (var k = 0; k < 3; k++) using (Workspace.Enter()) _ = Workspace.Rent<double>(101 + k);
        using (Workspace.Enter()) Assert.NotSame(first, Workspace.Rent<double>(23459));
    }

    [Fact]
    public void AScopeThatRentsOnlyInNestedScopesCountsAsRenting()
    {
        // A lane with many blocks rents only inside each block's scope: its outermost scope rented all the same.
        double[] first;
        using (Workspace.Enter()) first = Workspace.Rent<double>(23461);
        for (var k = 0; k < 3; k++)
            using (Workspace.Enter())
                using (Workspace.Enter()) _ = Workspace.Rent<double>(211 + k);
        using (Workspace.Enter()) Assert.NotSame(first, Workspace.Rent<double>(23461));
    }

    [Fact]
    public void NestedScopesReturnOnlyTheirOwnArrays()
    {
        using var outer = Workspace.Enter();
        var kept = Workspace.Rent<float>(777);
        float[] inner;
        using (Workspace.Enter()) inner = Workspace.Rent<float>(777);
        var again = Workspace.Rent<float>(777);
        Assert.Same(inner, again);
        Assert.NotSame(kept, again);
    }

    [Fact]
    public void OutsideAScopeEveryArrayIsNew()
    {
        using (Workspace.Enter()) _ = Workspace.Rent<double>(999);
        Assert.NotSame(Workspace.Rent<double>(999), Workspace.Rent<double>(999));
    }

    [Fact]
    public void ATrainingStepReturnsNoPooledArray()
    {
        var network = LayerSpec.Stack([3, 4, 2], new Activation.ReLU(), new Activation.Sigmoid())
            .Bind(specs => Initialization.Create<double>(specs, Initializer.Lecture, 1)).Match(n => n, e => throw new InvalidOperationException(e.Message));
        var x = Matrix<double>.Build.Dense(3, 5, (i, j) => i - j);
        var y = Matrix<double>.Build.Dense(2, 5, (i, j) => (i + j) % 2);
        var options = new TrainingOptions(new Loss.MeanSquared(), 0.1, 1, new Batching.FullBatch()) { Optimizer = new Optimizer.Adam() };
        var step = Training.Update(Training.Start(network, options), new LabelledSet<double>(x, y), options, 1, [0, 1, 2, 3, 4]);
        var moments = (OptimizerState<double>.Moments)step.State.Optimizer;
        var results = step.State.Network.Parameters.Concat(moments.First.Layers).Concat(moments.Second.Layers)
            .SelectMany(l => l.Select(p => p.AsColumnMajorArray())).ToArray();
        // Everything the pool holds now is handed out again; none of it may be a parameter of the new network.
        using var scope = Workspace.Enter();
        var handedOut = results.Select(r => Workspace.Rent<double>(r!.Length)).ToArray();
        Assert.All(handedOut, array => Assert.DoesNotContain(results, r => ReferenceEquals(r, array)));
    }
}
