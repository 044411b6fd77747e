/// The lecture's single neuron ŷ = σ(w·x), without bias, trained by full-batch gradient descent on ½Σ(y − ŷ)² with
/// η = 1 from the slide's w(0) = (−0.2, 0.4, −1.0); checked against the slide's printed figures.
module UseFromFSharp.Neuron

open FunctionalNet
open FunctionalNet.Lessons
open LanguageExt
open MathNet.Numerics.LinearAlgebra
open UseFromFSharp.FinResult

/// The four training examples, one per column; the target is the second input.
let inputs = Matrix<float>.Build.DenseOfArray(array2D [ [ 0.; 1.; 1.; 0. ]; [ 0.; 1.; 0.; 1. ]; [ 1.; 1.; 1.; 1. ] ])
let targets = Matrix<float>.Build.DenseOfArray(array2D [ [ 0.; 1.; 0.; 1. ] ])

type NeuronRun =
    { WeightsAfterOneEpoch: float list
      /// L(w) at the start of each epoch: L(w(0)), L(w(1)), …
      LossPerEpoch: float list
      /// ŷ at the test point [1, 1, 0] after 100 epochs.
      PredictionAfter100: float }

let private gradientDescent epochs = TrainingOptions(Loss.HalfSumSquares(), 1.0, epochs, Batching.FullBatch())

let private weights (network: Network<float>) =
    match network.Layers[0] with
    | :? DenseLayer<float> as layer -> layer.Weights.Row(0) |> List.ofSeq
    | other -> failwith $"the neuron is one dense layer, not a {other.GetType().Name}"

let train () =
    let neuron = SingleNeuron.Create(Prelude.toSeq [| -0.2; 0.4; -1.0 |], Option<float>.None)
    result {
        let! oneEpoch = Training.Train(neuron, inputs, targets, gradientDescent 1)
        let! hundredEpochs = Training.Train(neuron, inputs, targets, gradientDescent 100)
        let prediction = Network.Predict(hundredEpochs.Network, Matrix<float>.Build.DenseOfArray(array2D [ [ 1. ]; [ 1. ]; [ 0. ] ]))
        return
            { WeightsAfterOneEpoch = weights oneEpoch.Network
              LossPerEpoch = hundredEpochs.History |> Seq.map (fun epoch -> epoch.Loss) |> List.ofSeq
              PredictionAfter100 = prediction[0, 0] }
    }

/// The slide's figures: L 0.51 → 0.38, w(1) = (−0.094, 0.695, −0.799), and ŷ([1,1,0]) = 0.98801299 after 100 epochs.
let checks (run: NeuronRun) =
    [ Check.rounded "neuron: L(w(0))" 2 0.51 run.LossPerEpoch[0]
      yield!
          List.zip3 [ "w₁"; "w₂"; "w₃" ] [ -0.094; 0.695; -0.799 ] run.WeightsAfterOneEpoch
          |> List.map (fun (name, slide, weight) -> Check.rounded $"neuron: {name}(1)" 3 slide weight)
      Check.rounded "neuron: L(w(1))" 2 0.38 run.LossPerEpoch[1]
      Check.rounded "neuron: ŷ([1,1,0]) after 100 epochs" 8 0.98801299 run.PredictionAfter100 ]
