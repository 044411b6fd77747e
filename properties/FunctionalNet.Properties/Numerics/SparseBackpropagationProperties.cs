using FunctionalNet.Numerics;
using MathVector = MathNet.Numerics.LinearAlgebra.Vector<double>;

namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// Backpropagation with X kept as its nonzero entries is backpropagation: the executor's pass on a set it may take
/// sparsely has the same loss and gradients as on the same set kept dense, up to rounding; it is the dense pass itself
/// when the first layer is not dense, the input is dropped out or X is not mostly zeros; it gives the same bits on every
/// run, and leaves its inputs (and the sparse form it keeps of X) untouched.
/// </summary>
public class SparseBackpropagationProperties
{
    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void SparseBackpropagationEqualsTheDensePassUpToRoundingInDouble(SparseNetworkCase c) => Agrees<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void SparseBackpropagationEqualsTheDensePassUpToRoundingInFloat(SparseNetworkCase c) => Agrees<float>(c);

    private static void Agrees<T>(SparseNetworkCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var network = c.Case.Network<T>();
        var (x, y) = c.Data<T>();
        var masks = c.Masks(network);
        var set = new LabelledSet<T>(x, y);
        var (dense, denseLoss) = Executor.Current.Gradient(network, c.Case.Loss, set with { SparseInput = false }, None, masks);
        var (sparse, sparseLoss) = Executor.Current.Gradient(network, c.Case.Loss, set, None, masks);
        // X is taken sparsely exactly when at most 3 of its entries in 10 are nonzero (and it has examples); counted in
        // integers, since 0.3·18·5 rounds to 26.999999999999996 and would call 27 of 90 too many.
        var nonzero = x.Enumerate().Count(v => v != T.Zero);
        Assert.Equal(0.3, SparseColumns.MaximumDensity);
        Assert.True(Executor.Current.SparseInput(set).IsSome == (x.ColumnCount > 0 && 10L * nonzero <= 3L * x.RowCount * x.ColumnCount),
            $"{c}: {nonzero} of {x.RowCount * x.ColumnCount} entries nonzero, taken sparsely: {Executor.Current.SparseInput(set).IsSome}");
        if (network.Layers.Head is not DenseLayer<T> || masks.Masks.Head.IsSome || Executor.Current.SparseInput(set).IsNone)
        {
            // The fallback is the dense pass on the same bits.
            Assert.True(SameBits(sparseLoss, denseLoss) && SameBits(sparse, dense), $"{c}: the fallback to the dense pass gave other bits");
            return;
        }
        // The two passes differ only in how W₁·X and dZ₁·Xᵀ are rounded; every later step repeats that rounding's
        // effect through a few more roundings per layer. As in BackpropagationProperties, an entry that is a difference
        // of larger terms carries the rounding of the terms: the bound is 2¹² units of roundoff (the 10⁻¹² of the
        // double-precision properties) of the largest magnitude in the same matrix. The magnitude is the larger of
        // Σⱼ|gⱼ| over the examples and Higham's magnitude of the pass (PassMagnitudes): a unit whose W·A cancels
        // (29-24-1-2 with one hidden unit: its Z was 10⁴ times smaller than Σ|W||A|) passes the first layer's rounding
        // up magnified by that much, and |W|·|A| in place of W·A carries it.
        var (scale, lossScale) = ExampleMagnitudes(network, c.Case.Loss, x, y, masks);
        var magnitudes = PassMagnitudes(network, c.Case.Loss, x, y, masks);
        var tolerance = 4096 * KernelProperties.Roundoff<T>();
        Assert.True(SameBits(sparseLoss, denseLoss) || Math.Abs(sparseLoss - denseLoss) <= tolerance * lossScale,
            $"{c}: the dense loss is {denseLoss:R}, the sparse one {sparseLoss:R}");
        for (var l = 0; l < dense.Layers.Count; l++)
            for (var p = 0; p < dense.Layers[l].Count; p++)
            {
                var (d, s) = (dense.Layers[l][p], sparse.Layers[l][p]);
                var bound = tolerance * Math.Max(scale.Layers[l][p].Enumerate().DefaultIfEmpty(0).Max(),
                    magnitudes.Layers[l][p].Enumerate().DefaultIfEmpty(0).Max());
                for (var i = 0; i < d.RowCount; i++)
                    for (var j = 0; j < d.ColumnCount; j++)
                        Assert.True(Math.Abs(double.CreateChecked(d[i, j]) - double.CreateChecked(s[i, j])) <= bound,
                            $"{c}: layer {l + 1} parameter {p} [{i},{j}]: dense {d[i, j]:R}, sparse {s[i, j]:R}, bound {bound:R}");
            }
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void SparseBackpropagationAndTrainingNeverChangeTheirInputsAndRepeatBitForBit(SparseNetworkCase c)
    {
        Repeats<double>(c);
        Repeats<float>(c);
    }

    // The pass, another case's pass on the same thread (it reuses the step arrays and the kernels' scratch), training
    // on the mostly-zero X (mini-batches taken by SelectColumns, from the sparse form the executor keeps of this X), then
    // the pass again: the first result is compared only after the others ran, so it must be neither overwritten nor different.
    private static void Repeats<T>(SparseNetworkCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var network = c.Case.Network<T>();
        var (x, y) = c.Data<T>();
        var (set, masks) = (new LabelledSet<T>(x, y), c.Masks(network));
        var sparse = Executor.Current.SparseInput(set);
        var parameters = network.Parameters.SelectMany(layer => layer.Select(p => p.Clone())).ToArray();
        var before = (sparse.Map(Copy), x.Clone(), y.Clone());
        var maskCopies = masks.Masks.Map(m => m.Map(v => v.Clone())).ToArray();
        var first = Executor.Current.Gradient(network, c.Case.Loss, set, None, masks);
        var other = c with { Case = c.Case with { Seed = c.Case.Seed + 1 } };
        var (otherX, otherY) = other.Data<T>();
        _ = Executor.Current.Gradient(other.Case.Network<T>(), c.Case.Loss, new LabelledSet<T>(otherX, otherY), None, other.Masks(other.Case.Network<T>()));
        var options = new TrainingOptions(c.Case.Loss, 0.1, 2, new Batching.MiniBatch(3), c.Case.Seed) { Dropout = c.Rates };
        _ = Training.Train(network, x, y, options).Match(r => r, e => throw new InvalidOperationException(e.Message));
        var again = Executor.Current.Gradient(network, c.Case.Loss, set, None, masks);
        Assert.True(SameBits(first.Loss, again.Loss) && SameBits(first.Gradients, again.Gradients), $"{c}: two sparse passes gave different bits");
        Assert.True(network.Parameters.SelectMany(layer => layer).Zip(parameters).All(p => Linear.BitwiseEqual(p.Item1, p.Item2)), $"{c}: the network changed");
        Assert.True(Linear.BitwiseEqual(x, before.Item2) && Linear.BitwiseEqual(y, before.Item3), $"{c}: X or Y changed");
        Assert.True(before.Item1.Match(b => sparse.Map(Copy).Exists(a => a.Starts.SequenceEqual(b.Starts) && a.RowIndices.SequenceEqual(b.RowIndices)
            && a.Values.SequenceEqual(b.Values)), () => true), $"{c}: the sparse X changed");
        Assert.True(masks.Masks.Zip(maskCopies).All(m => m.Item1.Match(
            mask => m.Item2.Exists(copy => Linear.BitwiseEqual(mask, copy)), () => m.Item2.IsNone)), $"{c}: a dropout mask changed");
    }

    // The sparse form's arrays, copied; its values as their bits.
    private static (int[] Starts, int[] RowIndices, long[] Values) Copy<T>(SparseColumns<T> x) where T : struct, IFloatingPointIeee754<T> =>
        (x.Starts.ToArray(), x.RowIndices.ToArray(), x.Values.Select(v => BitConverter.DoubleToInt64Bits(double.CreateChecked(v))).ToArray());

    // Σⱼ|gⱼ| and Σⱼ|Cⱼ| over the examples j (each example with its column of every mask), weighted 1/m for a mean loss.
    private static (Gradients<double> Gradients, double Loss) ExampleMagnitudes<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, DropoutMasks<T> masks)
        where T : struct, IFloatingPointIeee754<T>
    {
        var weight = loss.Reduction == Reduction.Mean ? 1.0 / x.ColumnCount : 1.0;
        var examples = Enumerable.Range(0, x.ColumnCount).Select(j =>
            Backpropagation.Run(network, loss, Column(x, j), Column(y, j), new DropoutMasks<T>(masks.Masks.Map(m => m.Map(mask => Column(mask, j)))))).ToArray();
        var gradients = examples.Select(e => new Gradients<double>(e.Gradients.Layers.Map(layer => layer.Map(g =>
            Matrix<double>.Build.Dense(g.RowCount, g.ColumnCount, (i, k) => Math.Abs(double.CreateChecked(g[i, k]))))))).Aggregate((g, h) => g.Add(h)).Scale(weight);
        return (gradients, weight * examples.Sum(e => Math.Abs(e.Loss)));
    }

    /// <summary>
    /// Higham's magnitude of every parameter gradient: the pass with each sum's terms replaced by their absolute values,
    /// summed over the examples (weighted 1/m for a mean loss). Forward, M₀ = |x|, Z̄_l = |W_l|·M_{l−1} + |b_l| and
    /// M_l = the most |f(z)| can be for |z| ≤ Z̄_l, times |mask|; backward, D_L bounds the output delta by (M_L + |y|)
    /// times the most |f′| can be (twice that for the mean of squares), D_l = (|W_{l+1}|ᵀ·D_{l+1}) ∘ |mask| times the
    /// most |f′| can be; then |∂C/∂W_l| ≤ D_l·M_{l−1}ᵀ and |∂C/∂b_l| ≤ D_l. Every layer is dense here (a maxout
    /// network's first layer is not, and takes the fallback).
    /// </summary>
    private static Gradients<double> PassMagnitudes<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, DropoutMasks<T> masks)
        where T : struct, IFloatingPointIeee754<T>
    {
        var layers = network.Layers.Map(l => (DenseLayer<T>)l).ToArray();
        var weight = loss.Reduction == Reduction.Mean ? 1.0 / x.ColumnCount : 1.0;
        Matrix<double> Abs(Matrix<T> m) => Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, k) => Math.Abs(double.CreateChecked(m[i, k])));
        MathVector MaskOf(int l, int j, int size) => masks.Masks[l].Match(
            m => MathVector.Build.Dense(size, i => Math.Abs(double.CreateChecked(m[i, j]))), () => MathVector.Build.Dense(size, 1.0));
        var totals = layers.Select(l => (W: Matrix<double>.Build.Dense(l.Outputs, l.Inputs), B: MathVector.Build.Dense(l.Outputs))).ToArray();
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var inputs = new MathVector[layers.Length + 1];
            inputs[0] = Abs(x).Column(j);
            for (var l = 0; l < layers.Length; l++)
            {
                var z = Abs(layers[l].Weights) * inputs[l] + layers[l].Bias.Match(b => Abs(b).Column(0), () => MathVector.Build.Dense(layers[l].Outputs));
                var a = z.Map(v => MostValue(layers[l].Activation, v));
                inputs[l + 1] = l + 1 < layers.Length ? a.PointwiseMultiply(MaskOf(l + 1, j, a.Count)) : a;
            }
            var last = layers.Length - 1;
            var squares = loss is Loss.MeanSquared ? 2.0 : 1.0;
            var output = loss is Loss.SoftmaxCrossEntropy or Loss.BinaryCrossEntropy ? 1.0 : squares * MostSlope(layers[last].Activation);
            var delta = (inputs[last + 1] + Abs(y).Column(j)) * output;
            for (var l = last; l >= 0; l--)
            {
                totals[l].W += weight * delta.OuterProduct(inputs[l]);
                totals[l].B += weight * delta;
                if (l > 0)
                    delta = (Abs(layers[l].Weights).TransposeThisAndMultiply(delta)).PointwiseMultiply(MaskOf(l, j, layers[l].Inputs))
                        * MostSlope(layers[l - 1].Activation);
            }
        }
        return new Gradients<double>(toSeq(layers.Select((layer, l) => layer.Bias.IsSome
            ? Seq(totals[l].W, totals[l].B.ToColumnMatrix()) : Seq1(totals[l].W))).Strict());
    }

    // The most |f(z)| can be for |z| ≤ m.
    private static double MostValue(Activation f, double m) => f switch
    {
        Activation.Sigmoid or Activation.Softmax or Activation.Step => 1,
        Activation.Tanh => Math.Min(m, 1),
        Activation.LeakyReLU l => m * Math.Max(1, Math.Abs(l.Slope)),
        Activation.ELU e => Math.Max(m, Math.Abs(e.Alpha)),
        _ => m,
    };

    // The most |f′(z)| can be; softmax's Jacobian sends dA to A∘(dA − Aᵀ·dA), at most 2·max|dA| in each entry.
    private static double MostSlope(Activation f) => f switch
    {
        Activation.Sigmoid => 0.25,
        Activation.Softmax => 2,
        Activation.LeakyReLU l => Math.Max(1, Math.Abs(l.Slope)),
        Activation.ELU e => Math.Max(1, Math.Abs(e.Alpha)),
        _ => 1,
    };

    private static Matrix<T> Column<T>(Matrix<T> m, int j) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(m.RowCount, 1, (i, _) => m[i, j]);

    private static bool SameBits<T>(Gradients<T> first, Gradients<T> second) where T : struct, IFloatingPointIeee754<T> =>
        first.Layers.Count == second.Layers.Count && first.Layers.Zip(second.Layers).All(l =>
            l.Item1.Count == l.Item2.Count && l.Item1.Zip(l.Item2).All(p => Linear.BitwiseEqual(p.Item1, p.Item2)));

    private static bool SameBits(double first, double second) => BitConverter.DoubleToInt64Bits(first) == BitConverter.DoubleToInt64Bits(second);
}
