global using System.Numerics;
global using FunctionalNet;
global using FunctionalNet.Lessons;
global using LanguageExt;
global using MathNet.Numerics.LinearAlgebra;
global using Xunit;
global using static LanguageExt.Prelude;
