/// A small network on MNIST-shaped data: 784 inputs (28 × 28 pixels) and 10 classes, 784-32-10 with ReLU and softmax
/// cross-entropy, He initialization, Adam on shuffled mini-batches of 32, in float32 like the `small` recipe. The data
/// is made here from a seed, so the run takes seconds and needs no download: each class is a prototype image of
/// randomly lit pixels, and each example is its class's prototype with 35 % of its pixels flipped.
module UseFromFSharp.MnistShaped

open FunctionalNet
open FunctionalNet.Data
open LanguageExt
open MathNet.Numerics.LinearAlgebra
open UseFromFSharp.FinResult

let pixels, classes = 784, 10
let private seed = 7
let private flipped = 0.35

type Split = { Train: LabelledSet<float32>; Test: LabelledSet<float32> }

type MnistRun =
    { Before: Evaluation
      /// Each epoch's training loss and test evaluation.
      Epochs: EpochSummary list
      /// What training a 784-input network on 783-pixel images gives: the library refuses it as a value.
      MisShaped: Result<unit, string> }

/// `count` examples, labels 0, 1, …, 9, 0, …; X is pixels × examples, each column one image.
let private examples (random: System.Random) (prototypes: float32[][]) count =
    let labels = Array.init count (fun j -> j % classes)
    let flip pixel = if random.NextDouble() < flipped then 1.0f - pixel else pixel
    let x = labels |> Array.collect (fun label -> prototypes[label] |> Array.map flip)
    LabelledSet<float32>(Matrix<float32>.Build.Dense(pixels, count, x), Dataset.OneHot<float32>(labels))

let data () =
    let random = System.Random(seed)
    let prototypes = Array.init classes (fun _ -> Array.init pixels (fun _ -> if random.NextDouble() < 0.2 then 1.0f else 0.0f))
    { Train = examples random prototypes 2000; Test = examples random prototypes 1000 }

let options =
    TrainingOptions(Loss.SoftmaxCrossEntropy(), 0.001, 5, Batching.MiniBatch(32), seed, Optimizer = Optimizer.Adam())

let train (split: Split) =
    result {
        let! layers = LayerSpec.Stack([| pixels; 32; classes |], Activation.ReLU(), Activation.Softmax())
        let! network = Initialization.Create<float32>(layers, Initializer.He(), seed)
        let data = TrainingData<float32>(split.Train, Test = Option<LabelledSet<float32>>.Some split.Test)
        let! trained = Training.Train(Training.Start(network, options), data, options)
        let cropped = split.Train.X.SubMatrix(0, pixels - 1, 0, split.Train.X.ColumnCount)
        return
            { Before = Metrics.Evaluate(network, options.Loss, split.Test)
              Epochs = List.ofSeq trained.History
              MisShaped = Training.Train(network, cropped, split.Train.Y, options) |> ofFin |> Result.map ignore }
    }

let private testOf (epoch: EpochSummary) =
    epoch.Test.Match((fun evaluation -> evaluation), (fun () -> failwith $"epoch {epoch.Epoch} was not evaluated"))

/// Training works: the loss falls every epoch, the test accuracy ends far above the untrained network's (chance,
/// 10 %), and a mis-shaped input comes back as an Error, not an exception.
let checks (run: MnistRun) =
    let last = List.last run.Epochs |> testOf
    [ Check.below "mnist-shaped: test accuracy untrained" 0.3 run.Before.Accuracy
      yield!
          List.pairwise run.Epochs
          |> List.map (fun (previous, epoch) ->
              Check.below $"mnist-shaped: training loss, epoch {epoch.Epoch}" previous.Loss epoch.Loss)
      Check.atLeast "mnist-shaped: test accuracy trained" 0.95 last.Accuracy
      Check.below "mnist-shaped: test loss trained" run.Before.Loss last.Loss
      Check.that "mnist-shaped: 783 pixels for 784 inputs" "an Error"
          (match run.MisShaped with Error message -> $"Error \"{message}\"" | Ok () -> "Ok")
          (Result.isError run.MisShaped) ]
