#!/usr/bin/env bash
# Regenerates every output block and picture of docs/lecture.md with the project's own commands.
#
# In lecture.md a line  <!-- run: ARGS -->  is followed by a ```text block; this script runs
# `functionalnet ARGS` and puts its output in that block, so the walk-through always shows what the code prints.
# Pictures are written where the ARGS' --plot options say (docs/lessons/*.png).
# Usage: docs/regenerate.sh            (from anywhere; needs the .NET 10 SDK)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/FunctionalNet.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >&2
functionalnet() { dotnet run --project src/FunctionalNet.Cli -c Release --no-build -- "$@"; }

document=docs/lecture.md
updated=$(mktemp)
trap 'rm -f "$updated"' EXIT
in_old_block=0
expect_block=0
while IFS= read -r line || [ -n "$line" ]; do
  if [ "$in_old_block" = 1 ]; then
    # Skip the old output up to and including its closing fence.
    [ "$line" = '```' ] && in_old_block=0
    continue
  fi
  if [ "$expect_block" = 1 ] && [ "$line" = '```text' ]; then
    expect_block=0
    in_old_block=1
    continue
  fi
  expect_block=0
  printf '%s\n' "$line" >> "$updated"
  if [[ "$line" =~ ^'<!-- run: '(.*)' -->'$ ]]; then
    arguments="${BASH_REMATCH[1]}"
    echo "functionalnet $arguments" >&2
    {
      echo '```text'
      eval "functionalnet $arguments"
      echo '```'
    } >> "$updated"
    expect_block=1
  fi
done < "$document"
cp "$updated" "$document"
echo "regenerated $document and its pictures" >&2
