using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>
/// Mostly-zero inputs (MNIST's pixels) taken on their nonzero entries: when the executor takes a labelled set sparsely,
/// which first layers gain from it, and training that agrees with the dense products up to rounding and repeats bit for bit.
/// </summary>
public class SparseInputTests
{
    // 4 × 5 with 5 nonzeros (a quarter) and a column of zeros; the same shape with every entry nonzero.
    private static readonly Matrix<double> MostlyZero = Matrix<double>.Build.DenseOfArray(new double[,]
        { { 0, 0.5, 0, 0, 0 }, { 1, 0, 0, 0, 0 }, { 0, 0, 0, -2, 0 }, { 0, 0.25, 0, 3, 0 } });
    private static readonly Matrix<double> Dense = Matrix<double>.Build.Dense(4, 5, (i, j) => 1 + i + j);
    private static readonly Matrix<double> Targets = Matrix<double>.Build.Dense(2, 5, (i, j) => (i + j) % 2);

    [Fact]
    public void AMostlyZeroXIsKeptAsItsNonzeroEntriesAndADenseXIsNot()
    {
        var sparse = Sparse(new LabelledSet<double>(MostlyZero, Targets));
        Assert.True(sparse.IsSome);
        Assert.Equal(MostlyZero, sparse.Map(x => x.ToDense()).IfNone(() => throw new InvalidOperationException()));
        Assert.Equal(5, sparse.Map(x => x.NonZeros).IfNone(0));
        Assert.True(Sparse(new LabelledSet<double>(Dense, Targets)).IsNone);
    }

    [Fact]
    public void ThreeTenthsNonzeroIsStillSparseAndFourTenthsIsNot()
    {
        // 10 entries: 3 nonzero is a density of exactly 0.3 = SparseColumns.MaximumDensity, 4 is above it.
        var three = Matrix<double>.Build.Dense(2, 5, (i, j) => i == 0 && j < 3 ? 1 : 0);
        var four = Matrix<double>.Build.Dense(2, 5, (i, j) => i == 0 && j < 4 ? 1 : 0);
        var y = Matrix<double>.Build.Dense(1, 5);
        Assert.True(Sparse(new LabelledSet<double>(three, y)).IsSome);
        Assert.True(Sparse(new LabelledSet<double>(four, y)).IsNone);
    }

    [Fact]
    public void ASetWithoutExamplesIsNeverTakenSparsely() =>
        Assert.True(Sparse(new LabelledSet<double>(Matrix<double>.Build.Dense(4, 0), Matrix<double>.Build.Dense(2, 0))).IsNone);

    [Fact]
    public void ANewXBringsItsOwnSparseFormAndANewYKeepsIt()
    {
        var set = new LabelledSet<double>(MostlyZero, Targets);
        Assert.True(Sparse(set).IsSome);
        Assert.True(Sparse(set with { X = Dense }).IsNone);
        var back = new LabelledSet<double>(Dense, Targets) with { X = MostlyZero };
        Assert.Equal(MostlyZero, Sparse(back).Map(x => x.ToDense()).IfNone(() => throw new InvalidOperationException()));
        var relabelled = set with { Y = Targets.Map(v => 1 - v) };
        Assert.Equal(MostlyZero, Sparse(relabelled).Map(x => x.ToDense()).IfNone(() => throw new InvalidOperationException()));
        var (x, y) = relabelled;
        Assert.Equal((MostlyZero, Targets.Map(v => 1 - v)), (x, y));
    }

    [Fact]
    public void SparseInputFalseKeepsEveryProductDense()
    {
        var dense = new LabelledSet<double>(MostlyZero, Targets) { SparseInput = false };
        Assert.True(Sparse(dense).IsNone);
        Assert.True(Sparse(dense with { SparseInput = true }).IsSome);
    }

    [Fact]
    public void EqualityIsOfInputsTargetsAndTheSwitchNotOfTheSparseForm()
    {
        var asked = new LabelledSet<double>(MostlyZero, Targets);
        _ = Sparse(asked);
        var notAsked = new LabelledSet<double>(MostlyZero.Clone(), Targets.Clone());
        Assert.Equal(asked, notAsked);
        Assert.Equal(asked.GetHashCode(), notAsked.GetHashCode());
        Assert.NotEqual(asked, asked with { Y = Targets.Map(v => 1 - v) });
        Assert.NotEqual(asked, asked with { SparseInput = false });
    }

    [Fact]
    public void TheSparseProductsMatchHandComputedValues()
    {
        // W·X + b with X's zeros skipped: [1 2 3; 4 5 6]·[0 7; 8 0; 0 0] + [1; −1] = [16 7; 40 28] + [1; −1].
        var w = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var x = SparseColumns.Of(Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 7 }, { 8, 0 }, { 0, 0 } }));
        var b = Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { -1 } });
        Assert.Equal((3, 2, 2L, 2.0 / 6), (x.Rows, x.Columns, x.NonZeros, x.Density));
        Assert.Equal(new double[,] { { 17, 8 }, { 39, 27 } }, SparseProducts.Affine(w, x, Some(b)).ToArray());
        Assert.Equal(new double[,] { { 16, 7 }, { 40, 28 } }, SparseProducts.Affine(w, x, None).ToArray());
        // dZ·Xᵀ = [1 2; 3 4]·[0 8 0; 7 0 0] = [14 8 0; 28 24 0]: the row of X that is all zeros gives a column of zeros.
        var dz = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(new double[,] { { 14, 8, 0 }, { 28, 24, 0 } }, SparseProducts.TimesTransposed(dz, x).ToArray());
    }

    [Fact]
    public void MismatchedShapesAndColumnsOutsideTheMatrixAreRefused()
    {
        var x = SparseColumns.Of(MostlyZero);
        Assert.Throws<ArgumentException>(() => SparseProducts.Affine(Matrix<double>.Build.Dense(3, 5), x, None));
        Assert.Throws<ArgumentException>(() => SparseProducts.TimesTransposed(Matrix<double>.Build.Dense(3, 4), x));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.ColumnRange(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.ColumnRange(-1, 2));
        Assert.Equal(0, x.ColumnRange(5, 0).Columns);
    }

    [Fact]
    public void OnlyADenseFirstLayerWithItsInputKeptTakesSparseInput()
    {
        var narrow = Network<float>([784, 16, 10]);
        Assert.True(Executor.TakesSparseInput(narrow, Dropout.None(narrow)));
        Assert.False(Executor.TakesSparseInput(narrow, Dropout.Masks(narrow, new DropoutRates(0.5, 0.2), 8, 1, 1, 1)));
        Assert.True(Executor.TakesSparseInput(narrow, Dropout.Masks(narrow, new DropoutRates(0.5), 8, 1, 1, 1)));
        var wide = Network<float>([784, 512, 10]);
        Assert.True(Executor.TakesSparseInput(wide, Dropout.None(wide)));
        var maxout = LayerSpec.Stack([784, 16, 10], new Activation.ReLU(), new Activation.Softmax())
            .Map(specs => LayerSpec.MaxoutHidden(specs, 2)).Bind(specs => Initialization.Create<float>(specs, new Initializer.Glorot(), 1))
            .Match(n => n, e => throw new InvalidOperationException(e.Message));
        Assert.False(Executor.TakesSparseInput(maxout, Dropout.None(maxout)));
    }

    // Full batch on 1,500 examples is two column blocks in float and three in double (ColumnBlocks.Width of 784 rows);
    // mini-batches of 50 take their columns with SelectColumns.
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 50)]
    [InlineData(true, 50)]
    public void SparseAndDenseTrainingAgreeUpToRoundingAndTheSparseRunRepeatsBitForBit(bool isDouble, int batchSize)
    {
        if (isDouble) Agrees<double>(batchSize);
        else Agrees<float>(batchSize);
    }

    private static void Agrees<T>(int batchSize) where T : struct, IFloatingPointIeee754<T>
    {
        var (pixels, labels) = Workloads.SyntheticMnist(batchSize == 0 ? 1500 : 600, 11);
        var (x, y) = Workloads.Examples<T>(pixels, labels);
        var network = Network<T>([784, 16, 10]);
        var options = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.5, batchSize == 0 ? 3 : 2,
            batchSize == 0 ? new Batching.FullBatch() : new Batching.MiniBatch(batchSize), 5);
        var sparseSet = new LabelledSet<T>(x, y);
        // The premise: this X is mostly zeros and this network takes it sparsely, so the two runs differ in their products.
        Assert.True(Sparse(sparseSet).IsSome && Executor.TakesSparseInput(network, Dropout.None(network)));
        TrainingResult<T> Train(LabelledSet<T> set) =>
            Training.Train(Training.Start(network, options), new TrainingData<T>(set), options).Match(r => r, e => throw new InvalidOperationException(e.Message));
        var (sparse, dense, again) = (Train(sparseSet), Train(sparseSet with { SparseInput = false }), Train(new LabelledSet<T>(x, y)));

        // Each update's gradients differ by the rounding of the first layer's sums (a few units of roundoff of the
        // gradient's scale, SparseBackpropagationProperties), and each update rounds p − η·g to an ulp of p; over these
        // few updates that stays inside the suite's budget of 2¹² units of roundoff (the 10⁻¹² of its double-precision
        // comparisons) of the largest parameter of each matrix. A wrong column, bias or mask moves parameters by η·g.
        var tolerance = 4096 * (typeof(T) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53));
        foreach (var (s, d) in sparse.Network.Parameters.SelectMany(l => l).Zip(dense.Network.Parameters.SelectMany(l => l)))
        {
            var bound = tolerance * d.Enumerate().Max(v => Math.Abs(double.CreateChecked(v)));
            var worst = s.Enumerate().Zip(d.Enumerate()).Max(p => Math.Abs(double.CreateChecked(p.Item1) - double.CreateChecked(p.Item2)));
            Assert.True(worst <= bound, $"{d.RowCount}×{d.ColumnCount}: sparse and dense parameters differ by {worst:R} (bound {bound:R})");
        }
        foreach (var (s, d) in sparse.History.Zip(dense.History))
            Assert.True(Math.Abs(s.Loss - d.Loss) <= tolerance * Math.Abs(d.Loss), $"epoch {d.Epoch}: sparse loss {s.Loss:R}, dense {d.Loss:R}");

        Assert.True(sparse.Network.Parameters.SelectMany(l => l).Zip(again.Network.Parameters.SelectMany(l => l)).All(p => Linear.BitwiseEqual(p.Item1, p.Item2)),
            "two sparse runs gave different networks");
        Assert.Equal(sparse.History, again.History);
    }

    // The sparse form the current executor finds of the set's X, if it takes it sparsely.
    private static Option<SparseColumns<T>> Sparse<T>(LabelledSet<T> set) where T : struct, IFloatingPointIeee754<T> =>
        Executor.Current.SparseInput(set);

    private static Network<T> Network<T>(int[] sizes) where T : struct, IFloatingPointIeee754<T> =>
        LayerSpec.Stack(sizes, new Activation.Sigmoid(), new Activation.Softmax())
            .Bind(specs => Initialization.Create<T>(specs, new Initializer.Glorot(), 3))
            .Match(n => n, e => throw new InvalidOperationException(e.Message));
}
