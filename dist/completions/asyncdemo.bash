# bash completion for asyncdemo: options, their values, commands, help topics, and the kinds of
# step after a task's '=' or ','. Works with or without the bash-completion package.
# tests/dist/test_bash_completion.sh asks it for completions; tests/test_completions.cpp checks
# that it knows every option, value and step kind the program has.

_asyncdemo_run_options="--compare --sync --async --clock -t --task -f --file --limit --queue
  --event --format -o --output -q --quiet --color --timeline --no-timeline --ascii --width --svg
  --html --explain --timeout --on-error --slow --threads -h --help --version"
_asyncdemo_render_options="--format -o --output -q --quiet --color --timeline --no-timeline
  --ascii --width --svg --html -h --help"
_asyncdemo_serve_options="--host --port -h --help"
_asyncdemo_commands="render serve help"
_asyncdemo_topics="steps durations formats examples exit-codes render serve"
_asyncdemo_step_kinds="sleep print block work fail fetch fetch-print await spawn acquire release
  put get set wait"

# The words of the line up to the cursor, as the shell will see them, the last one the word
# being completed (empty after a space): bash's own COMP_WORDS splits at '=' and ':'.
_asyncdemo_split_line() {
  local line=${COMP_LINE:0:COMP_POINT} word="" quote="" char i
  _asyncdemo_words=()
  _asyncdemo_quoted=""
  for ((i = 0; i < ${#line}; i++)); do
    char=${line:i:1}
    if [[ -n $quote ]]; then
      if [[ $char == "$quote" ]]; then quote=""; else word+=$char; fi
    elif [[ $char == "'" || $char == '"' ]]; then
      quote=$char
      [[ -z $word ]] && _asyncdemo_quoted=$char
    elif [[ $char == '\' ]]; then
      ((i++))
      word+=${line:i:1}
    elif [[ $char == [[:space:]] ]]; then
      [[ -n $word ]] && _asyncdemo_words+=("$word")
      word=""
      _asyncdemo_quoted=""
    else
      word+=$char
    fi
  done
  _asyncdemo_words+=("$word")
}

# The values an option takes, when it takes one of a few words; "files" for a file name.
_asyncdemo_values() {
  case $1 in
    --clock) echo "real virtual" ;;
    --format) echo "text jsonl csv chrome" ;;
    --color) echo "auto always never" ;;
    --on-error) echo "cancel continue" ;;
    -f | --file | -o | --output | --svg | --html) echo "files" ;;
  esac
}

# Whether an option takes a value in the next word.
_asyncdemo_takes_value() {
  case $1 in
    --clock | --format | --color | --on-error | -f | --file | -o | --output | --svg | --html | -t | \
      --task | --timeout | --slow | --threads | --width | --limit | --queue | --event | \
      --host | --port) return 0 ;;
  esac
  return 1
}

_asyncdemo() {
  _asyncdemo_split_line
  local count=${#_asyncdemo_words[@]}
  local cur=${_asyncdemo_words[count - 1]} prev="" command=run candidates=() word value
  ((count > 2)) && prev=${_asyncdemo_words[count - 2]}
  case ${_asyncdemo_words[1]-} in
    render | serve | help) ((count > 2)) && command=${_asyncdemo_words[1]} ;;
  esac

  if [[ $command == help ]]; then
    ((count == 3)) && candidates=($(compgen -W "$_asyncdemo_topics" -- "$cur"))
  elif [[ $cur == --*=* ]]; then
    # --format=js: the values after the '='.
    value=$(_asyncdemo_values "${cur%%=*}")
    if [[ $value == files ]]; then
      candidates=($(compgen -f -- "${cur#*=}"))
    else
      candidates=($(compgen -W "$value" -- "${cur#*=}"))
    fi
    candidates=("${candidates[@]/#/${cur%%=*}=}")
  elif [[ -n $prev && $prev == -* ]] && _asyncdemo_takes_value "$prev"; then
    value=$(_asyncdemo_values "$prev")
    if [[ $value == files ]]; then
      compopt -o filenames 2>/dev/null
      candidates=($(compgen -f -- "$cur"))
    elif [[ -n $value ]]; then
      candidates=($(compgen -W "$value" -- "$cur"))
    fi
  elif [[ $cur == -* ]]; then
    local options=$_asyncdemo_run_options
    [[ $command == render ]] && options=$_asyncdemo_render_options
    [[ $command == serve ]] && options=$_asyncdemo_serve_options
    candidates=($(compgen -W "$options" -- "$cur"))
  elif [[ $command == run && $cur == *=* ]]; then
    # A task: after its '=' or its last ',', the step being written; once it has its ':',
    # what follows is the step's own argument, for the user to write.
    local head=${cur%,*} step=${cur##*,}
    if [[ $head == "$cur" ]]; then
      head=${cur%%=*}=
      step=${cur#*=}
    else
      head+=,
    fi
    if [[ $step != *:* ]]; then
      for word in $_asyncdemo_step_kinds; do
        [[ $word == "$step"* ]] && candidates+=("$head$word:")
      done
      compopt -o nospace 2>/dev/null
    fi
  elif [[ $command == run ]]; then
    ((count == 2)) && candidates=($(compgen -W "$_asyncdemo_commands" -- "$cur"))
  elif [[ $command == render ]]; then
    compopt -o filenames 2>/dev/null
    candidates=($(compgen -f -- "$cur"))
  fi

  # Bash replaces only the part of the word after its last '=' or ':' (COMP_WORDBREAKS),
  # unless the word is quoted: hand it the candidates from there.
  COMPREPLY=()
  local break_at="" i
  if [[ -z $_asyncdemo_quoted ]]; then
    for ((i = ${#cur} - 1; i >= 0; i--)); do
      if [[ $COMP_WORDBREAKS == *"${cur:i:1}"* ]]; then
        break_at=${cur:0:i+1}
        break
      fi
    done
  fi
  for word in "${candidates[@]}"; do
    COMPREPLY+=("${word#"$break_at"}")
  done
}

complete -F _asyncdemo asyncdemo
