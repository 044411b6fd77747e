/// A printed number and whether it is what it should be: the program's verdict is whether every check holds.
module UseFromFSharp.Check

type Check = { What: string; Got: string; Expected: string; Holds: bool }

/// A check that a value, rounded to `digits` decimals, equals an expected figure (the lecture prints rounded figures).
let rounded (what: string) (digits: int) (expected: float) (got: float) =
    { What = what; Got = got.ToString("R"); Expected = expected.ToString($"F{digits}")
      Holds = System.Math.Round(got, digits) = expected }

/// A check that a value lies at or above a bound.
let atLeast (what: string) (bound: float) (got: float) =
    { What = what; Got = got.ToString("F4"); Expected = $"≥ {bound}"; Holds = got >= bound }

/// A check that a value lies below a bound.
let below (what: string) (bound: float) (got: float) =
    { What = what; Got = got.ToString("F4"); Expected = $"< {bound:F4}"; Holds = got < bound }

/// Any other check: what was got, in words, and whether it is what was expected.
let that (what: string) (expected: string) (got: string) (holds: bool) =
    { What = what; Got = got; Expected = expected; Holds = holds }

let line (check: Check) =
    sprintf "%s %-44s %-22s (expected %s)" (if check.Holds then "ok  " else "FAIL") check.What check.Got check.Expected
