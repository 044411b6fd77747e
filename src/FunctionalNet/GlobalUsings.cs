global using System.Runtime.CompilerServices;
global using System.Diagnostics;
global using System.Numerics;
global using LanguageExt;
global using LanguageExt.Common;
global using MathNet.Numerics.LinearAlgebra;
global using static LanguageExt.Prelude;
