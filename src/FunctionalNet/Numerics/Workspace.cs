namespace FunctionalNet.Numerics;

/// <summary>
/// Reuse of the temporary arrays of a training step (Z, A, dZ, gradients, the batch copy), so that a step in
/// steady state allocates only the new parameters it returns. Inside a scope opened by <see cref="Enter"/>,
/// <see cref="Linear"/>'s new matrices come from a per-thread pool; when a scope ends, every array rented
/// since it began goes back. Whoever opens a scope promises that nothing rented in it outlives it: a step
/// returns only fresh arrays (<see cref="Fresh{T}"/>) and numbers, and a block of a step writes its result
/// into arrays rented before the block's scope began. Outside a scope every array is new, so a public
/// function called directly never returns a pooled array.
/// </summary>
internal static class Workspace
{
    // Arrays idle for this many outermost scopes that rented are dropped, so a change of shapes does not keep old memory.
    private const int IdleScopes = 3;

    [ThreadStatic] private static Pool? pool;

    /// <summary>Opens a scope; scopes nest, and each returns the arrays rented since it began.</summary>
    public static Scope Enter()
    {
        var current = pool ??= new Pool();
        return new Scope(current, current.Enter());
    }

    /// <summary>An array of <paramref name="length"/> entries whose contents the caller must overwrite: pooled inside a scope.</summary>
    public static T[] Rent<T>(int length) => pool is { Depth: > 0 } current ? current.Rent<T>(length) : Fresh<T>(length);

    /// <summary>A new array that no pool will ever reuse: for results that leave the step.</summary>
    public static T[] Fresh<T>(int length) => GC.AllocateUninitializedArray<T>(length);

    /// <summary>Ends a scope when disposed.</summary>
    public readonly struct Scope(object owner, int mark) : IDisposable
    {
        /// <summary>Leaves the scope, returning every array rented since it began.</summary>
        public void Dispose() => ((Pool)owner).Leave(mark);
    }

    private sealed class Pool
    {
        // Idle arrays by element type and length, each with the number of the scope that last returned it.
        private readonly Dictionary<(Type, int), List<(Array Array, long LastUsed)>> idle = [];
        private readonly List<Array> rented = [];
        private long scopes;
        private bool rentedInScope;   // since the outermost scope began, in it or in a scope nested in it

        public int Depth { get; private set; }

        public int Enter()
        {
            if (Depth == 0) rentedInScope = false;
            Depth++;
            return rented.Count;
        }

        public T[] Rent<T>(int length)
        {
            T[] array;
            if (idle.TryGetValue((typeof(T), length), out var free) && free.Count > 0)
            {
                array = (T[])free[^1].Array;
                free.RemoveAt(free.Count - 1);
            }
            else array = Fresh<T>(length);
            rented.Add(array);
            rentedInScope = true;
            return array;
        }

        public void Leave(int mark)
        {
            Depth--;
            for (var k = mark; k < rented.Count; k++)
            {
                var key = (rented[k].GetType().GetElementType()!, rented[k].Length);
                if (!idle.TryGetValue(key, out var free)) idle[key] = free = [];
                free.Add((rented[k], scopes));
            }
            rented.RemoveRange(mark, rented.Count - mark);
            // Only scopes that rented count towards idleness: a scope that rents nothing (lane 1 adding up a pass of
            // entries between two steps) must not age the arrays the steps reuse.
            if (Depth > 0 || !rentedInScope) return;
            scopes++;
            foreach (var free in idle.Values)
                for (var k = free.Count - 1; k >= 0; k--)
                    if (scopes - free[k].LastUsed >= IdleScopes) free.RemoveAt(k);
        }
    }
}
