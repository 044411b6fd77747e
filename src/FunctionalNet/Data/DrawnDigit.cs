namespace FunctionalNet.Data;

/// <summary>
/// A digit drawn on a square canvas, brought to MNIST's form as LeCun et al. prepared it: the ink's bounding box scaled
/// (keeping its aspect) to fit 20 × 20 pixels, placed in a 28 × 28 image with its centre of mass at the centre.
/// A network trained on MNIST has only seen digits in that form.
/// </summary>
public static class DrawnDigit
{
    /// <summary>MNIST's side.</summary>
    public const int Side = 28;

    /// <summary>The side of the box the ink is scaled into.</summary>
    public const int InkBox = 20;

    /// <summary>The largest canvas side accepted.</summary>
    public const int MaxCanvas = 512;

    /// <summary>
    /// The 784 pixels in [0, 1], row by row, of the canvas <paramref name="intensities"/> (side × side bytes, row by row,
    /// 0 = background, 255 = ink). A blank canvas gives a blank image.
    /// </summary>
    public static Fin<double[]> ToMnist(ReadOnlySpan<byte> intensities, int side)
    {
        if (side < 1 || side > MaxCanvas) return Error.New($"the canvas side must be from 1 to {MaxCanvas} (got {side})");
        if (intensities.Length != side * side) return Error.New($"a {side} × {side} canvas has {side * side} pixels (got {intensities.Length})");
        var (top, bottom, left, right) = (side, -1, side, -1);
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
                if (intensities[r * side + c] > 0) (top, bottom, left, right) = (Math.Min(top, r), Math.Max(bottom, r), Math.Min(left, c), Math.Max(right, c));
        var image = new double[Side * Side];
        if (bottom < 0) return image;

        // Box-filter the bounding box down (or nearest-neighbour up) to at most 20 × 20, keeping the aspect ratio.
        var (height, width) = (bottom - top + 1, right - left + 1);
        var scale = (double)InkBox / Math.Max(height, width);
        var (rows, columns) = (Math.Max(1, (int)Math.Round(height * scale)), Math.Max(1, (int)Math.Round(width * scale)));
        var small = new double[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
            {
                var (r0, r1) = (top + (int)Math.Floor(i / scale), top + Math.Max((int)Math.Floor(i / scale) + 1, (int)Math.Ceiling((i + 1) / scale)));
                var (c0, c1) = (left + (int)Math.Floor(j / scale), left + Math.Max((int)Math.Floor(j / scale) + 1, (int)Math.Ceiling((j + 1) / scale)));
                var (sum, count) = (0.0, 0);
                for (var r = r0; r < Math.Min(r1, bottom + 1); r++)
                    for (var c = c0; c < Math.Min(c1, right + 1); c++) { sum += intensities[r * side + c]; count++; }
                small[i, j] = count == 0 ? 0 : sum / count / 255.0;
            }

        // Shift so that the centre of mass lands on the image's centre (14, 14).
        var (mass, rowMoment, columnMoment) = (0.0, 0.0, 0.0);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) (mass, rowMoment, columnMoment) = (mass + small[i, j], rowMoment + i * small[i, j], columnMoment + j * small[i, j]);
        var rowOffset = (int)Math.Round(Side / 2.0 - (mass > 0 ? rowMoment / mass : rows / 2.0) - 0.5);
        var columnOffset = (int)Math.Round(Side / 2.0 - (mass > 0 ? columnMoment / mass : columns / 2.0) - 0.5);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
            {
                var (r, c) = (i + rowOffset, j + columnOffset);
                if (r >= 0 && r < Side && c >= 0 && c < Side) image[r * Side + c] = Math.Min(1, small[i, j]);
            }
        return image;
    }
}
