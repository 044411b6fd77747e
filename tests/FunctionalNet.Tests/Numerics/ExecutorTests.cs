using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>
/// The executor decides how the mathematics runs: chosen by the caller (managed code when OpenBLAS is missing), made
/// current for a scope on one thread, followed by the second lane, and keeping the sparse form of each X it is shown.
/// </summary>
public class ExecutorTests
{
    private static Executor Missing(int processors) =>
        Executor.Choose(null, () => OpenBlas.Load(["libno-such-blas.so.0"]), blasThreads: 1, processors);

    [Fact]
    public void WithoutTheLibraryTheExecutorFallsBackToManagedCodeThatComputesTheProducts()
    {
        var fallback = Missing(processors: 1);
        Assert.Equal(("managed", $"{OpenBlas.LibraryNames[0]} could not be loaded"), (fallback.Backend.Name, fallback.Backend.Detail));
        Assert.True(fallback.Blas.IsNone);
        // Lanes run side by side on two processors or more.
        Assert.False(fallback.SideBySide);
        Assert.True(Missing(processors: 2).SideBySide);
        using (fallback.Use())
        {
            Assert.Same(fallback.Backend, Backend.Active);
            // [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50]
            var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 } });
            var b = Matrix<double>.Build.DenseOfArray(new double[,] { { 5, 6 }, { 7, 8 } });
            Assert.Equal(new double[,] { { 19, 22 }, { 43, 50 } }, Linear.Times(a, b).ToArray());
        }
    }

    [Fact]
    public void InsideAScopeItsExecutorIsCurrentAndAfterItThePreviousOneIsAgain()
    {
        var before = Executor.Current;
        var managed = Executor.Choose("managed", blasThreads: 1, processors: 2);
        using (managed.Use())
        {
            Assert.Same(managed, Executor.Current);
            Assert.Equal(("managed", "asked for by the caller"), (Backend.Active.Name, Backend.Active.Detail));
        }
        Assert.Same(before, Executor.Current);
        Assert.Same(before.Backend, Backend.Active);
    }

    [Fact]
    public void ScopesNestAndEachEndGivesBackTheOneAroundIt()
    {
        var before = Executor.Current;
        var (outer, inner) = (Executor.Choose("managed", 1, 2), Missing(processors: 2));
        using (outer.Use())
        {
            using (inner.Use())
            {
                Assert.Same(inner, Executor.Current);
                Assert.Contains("could not be loaded", Backend.Active.Detail);
            }
            Assert.Same(outer, Executor.Current);
        }
        Assert.Same(before, Executor.Current);
    }

    [Fact]
    public void AScopeIsSeenByItsOwnThreadAlone()
    {
        Executor? elsewhere = null;
        using (Executor.Choose("managed", 1, 2).Use())
        {
            var thread = new Thread(() => elsewhere = Executor.Current);
            thread.Start();
            thread.Join();
        }
        Assert.Same(Executor.Default, elsewhere);
    }

    [Fact]
    public void TheSecondLaneComputesWithTheCallersExecutor()
    {
        // 1,500 examples in float on 784-16-10 are two column blocks (ColumnBlocks.Width), one per lane. With two
        // processors the second block runs on the lanes' worker thread, with one both run on the caller's: if the worker
        // did not take the caller's executor, its block would go to the default one's products, and the bits would differ.
        var (pixels, labels) = Workloads.SyntheticMnist(1500, 3);
        var (x, y) = Workloads.Examples<float>(pixels, labels);
        var set = new LabelledSet<float>(x, y) { SparseInput = false };   // every product, the first layer's too, on the backend
        var network = LayerSpec.Stack([784, 16, 10], new Activation.Sigmoid(), new Activation.Softmax())
            .Bind(specs => Initialization.Create<float>(specs, new Initializer.Glorot(), 3)).ThrowIfFail();
        var loss = new Loss.SoftmaxCrossEntropy();
        (Gradients<float> Gradients, double Loss) On(Executor executor) => executor.Gradient(network, loss, set, None, Dropout.None(network));

        var sideBySide = On(Executor.Choose("managed", 1, processors: 2));
        var oneAfterTheOther = On(Executor.Choose("managed", 1, processors: 1));
        Assert.True(SameBits(sideBySide, oneAfterTheOther), "the lanes side by side gave other bits than one after the other");
        // The premise, when the default executor is OpenBLAS: its products round differently from managed code's.
        if (Executor.Default.Backend.Name == "openblas")
            Assert.False(SameBits(On(Executor.Default), oneAfterTheOther), "OpenBLAS and managed code gave the same bits: the test shows nothing");
    }

    [Fact]
    public void TheSparseFormOfAnXIsFoundOnceAndSharedByEverySetWithThatX()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0.5, 0, 0 }, { 1, 0, 0, 0 }, { 0, 0, 0, -2 } });
        var y = Matrix<double>.Build.Dense(2, 4, (i, j) => (i + j) % 2);
        var executor = Executor.Current;
        var first = executor.SparseInput(new LabelledSet<double>(x, y)).IfNone(() => throw new InvalidOperationException("X is mostly zeros"));
        Assert.Equal((3, 4, 3L), (first.Rows, first.Columns, first.NonZeros));
        Assert.Same(first, executor.SparseInput(new LabelledSet<double>(x, y.Map(v => 1 - v))).IfNone(() => throw new InvalidOperationException()));
        // Kept by the matrix, not by its values: an equal copy of X is another X.
        Assert.NotSame(first, executor.SparseInput(new LabelledSet<double>(x.Clone(), y)).IfNone(() => throw new InvalidOperationException()));
    }

    private static bool SameBits((Gradients<float> Gradients, double Loss) first, (Gradients<float> Gradients, double Loss) second) =>
        BitConverter.DoubleToInt64Bits(first.Loss) == BitConverter.DoubleToInt64Bits(second.Loss) &&
        first.Gradients.Layers.Zip(second.Gradients.Layers).All(l => l.Item1.Zip(l.Item2).All(p => Linear.BitwiseEqual(p.Item1, p.Item2)));
}
