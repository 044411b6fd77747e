/// FunctionalNet from F#: the lecture's single neuron and a small MNIST-shaped network, trained through the package.
/// Prints every check; exits 0 only if all hold.
module UseFromFSharp.Program

open UseFromFSharp.FinResult

[<EntryPoint>]
let main _ =
    let outcome =
        result {
            let! neuron = Neuron.train ()
            let! mnist = MnistShaped.data () |> MnistShaped.train
            return Neuron.checks neuron @ MnistShaped.checks mnist
        }
    match outcome with
    | Error message ->
        eprintfn "error: %s" message
        1
    | Ok checks ->
        checks |> List.iter (Check.line >> printfn "%s")
        let failed = checks |> List.filter (fun check -> not check.Holds) |> List.length
        printfn "%d of %d checks hold" (checks.Length - failed) checks.Length
        if failed = 0 then 0 else 1
