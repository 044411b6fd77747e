global using System.CommandLine;
global using System.Diagnostics;
global using System.Globalization;
global using System.Numerics;
global using FunctionalNet;
global using LanguageExt.Common;
global using MathNet.Numerics.LinearAlgebra;
global using static LanguageExt.Prelude;
