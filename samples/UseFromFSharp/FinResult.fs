/// LanguageExt's Fin<'T> (a value or an Error) as F#'s Result<'T, string>, so the library's expected failures compose
/// with Result.bind, `match` and the `result { }` expression below, the F# way.
module UseFromFSharp.FinResult

open LanguageExt

/// The value, or the error's one-line message.
let ofFin (fin: Fin<'T>) : Result<'T, string> =
    fin.Match((fun value -> Ok value), (fun (error: Common.Error) -> Error error.Message))

/// `let!` binds a Result (or a Fin, turned into one) and stops at the first Error.
type ResultBuilder() =
    member _.Bind(result: Result<'T, string>, next: 'T -> Result<'U, string>) = Result.bind next result
    member _.Bind(fin: Fin<'T>, next: 'T -> Result<'U, string>) = ofFin fin |> Result.bind next
    member _.Return(value: 'T) : Result<'T, string> = Ok value
    member _.ReturnFrom(result: Result<'T, string>) = result

let result = ResultBuilder()
