using FunctionalNet; using FunctionalNet.Lessons; using MathNet.Numerics.LinearAlgebra; using static LanguageExt.Prelude;

var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 }, { 0, 1, 0, 1 }, { 1, 1, 1, 1 } }); // one example per column
var y = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 0, 1 } });                               // Y = second input
var neuron = SingleNeuron.Create(Seq(-0.2, 0.4, -1.0), bias: None);                                         // σ(w·x), no bias
var options = new TrainingOptions(new Loss.HalfSumSquares(), LearningRate: 1.0, Epochs: 100, new Batching.FullBatch());
var result = Training.Train(neuron, x, y, options).ThrowIfFail();                                          // a fold over epochs
var prediction = Network.Predict(result.Network, Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { 1 }, { 0 } }));
Console.WriteLine(prediction[0, 0]);   // 0.98801299…, as on the slide
