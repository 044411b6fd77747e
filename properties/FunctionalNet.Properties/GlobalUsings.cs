global using System.Numerics;
global using FsCheck;
global using FsCheck.Fluent;
global using FsCheck.Xunit;
global using FunctionalNet;
global using LanguageExt;
global using MathNet.Numerics.LinearAlgebra;
global using static LanguageExt.Prelude;
