# fish completion for asyncdemo: options, their values, commands, help topics, and the kinds of
# step after a task's '=' or ','. tests/dist/test_fish_completion.sh asks fish for completions;
# tests/test_completions.cpp checks that it knows every option, value and step kind.

set -l commands render serve help
set -l run "not __fish_seen_subcommand_from $commands"
set -l render "__fish_seen_subcommand_from render"
set -l serve "__fish_seen_subcommand_from serve"
set -l run_or_render "not __fish_seen_subcommand_from serve help"

# A task being written: after its '=' or its last ',', the kinds of step, each with its ':'.
function __asyncdemo_steps
    set -l token (commandline -ct)
    string match -qr '^[A-Za-z0-9_*-]+=' -- $token; or return
    set -l step (string replace -r '^.*[=,]' '' -- $token)
    string match -q '*:*' -- $step; and return
    set -l head (string sub -l (math (string length -- $token) - (string length -- $step)) -- $token)
    for kind in sleep print block work fail fetch fetch-print await spawn acquire release put get set wait
        printf '%s%s:\n' $head $kind
    end
end

complete -c asyncdemo -f
complete -c asyncdemo -n "$run" -a render -d 'draw a trace saved with --format jsonl'
complete -c asyncdemo -n "$run" -a serve -d 'run the demo HTTP server'
complete -c asyncdemo -n "$run" -a help -d 'help, or a topic'
complete -c asyncdemo -n "$run" -a '(__asyncdemo_steps)'
complete -c asyncdemo -n "__fish_seen_subcommand_from help" -a 'steps durations formats examples exit-codes render serve'

# Modes and tasks.
complete -c asyncdemo -n "$run" -l compare -d 'run sync, then async, and compare'
complete -c asyncdemo -n "$run" -l sync -d 'run the tasks one after another'
complete -c asyncdemo -n "$run" -l async -d 'run the tasks as coroutines on one event loop'
complete -c asyncdemo -n "$run" -l clock -x -a 'real virtual' -d 'the clock'
complete -c asyncdemo -n "$run" -s t -l task -x -d 'a task'
complete -c asyncdemo -n "$run" -s f -l file -r -F -d 'read tasks from FILE'
# Coordination.
complete -c asyncdemo -n "$run" -l limit -x -d 'a limit: NAME=N, or N around every task'
complete -c asyncdemo -n "$run" -l queue -x -d 'a queue: NAME=MAXSIZE'
complete -c asyncdemo -n "$run" -l event -x -d 'an event: NAME'
# Output and pictures, for a run and render.
complete -c asyncdemo -n "$run_or_render" -l format -x -a 'text jsonl csv chrome' -d 'the trace format'
complete -c asyncdemo -n "$run_or_render" -s o -l output -r -F -d 'write the trace to FILE'
complete -c asyncdemo -n "$run_or_render" -s q -l quiet -d 'only the summaries and the comparison'
complete -c asyncdemo -n "$run_or_render" -l color -x -a 'auto always never' -d 'colour the text trace'
complete -c asyncdemo -n "$run_or_render" -l timeline -d 'draw the lane chart'
complete -c asyncdemo -n "$run_or_render" -l no-timeline -d 'never draw the lane chart'
complete -c asyncdemo -n "$run_or_render" -l ascii -d 'draw the chart in plain ASCII'
complete -c asyncdemo -n "$run_or_render" -l width -x -d 'the chart width, 20 to 1000'
complete -c asyncdemo -n "$run_or_render" -l svg -r -F -d 'also write an SVG timeline'
complete -c asyncdemo -n "$run_or_render" -l html -r -F -d 'also write an interactive page'
complete -c asyncdemo -n "$run" -l explain -d 'narrate what the event loop does'
# Pitfalls.
complete -c asyncdemo -n "$run" -l timeout -x -d 'cancel unfinished tasks at this deadline'
complete -c asyncdemo -n "$run" -l on-error -x -a 'cancel continue' -d 'when a task fails'
complete -c asyncdemo -n "$run" -l slow -x -d 'warn when a blocking call holds the loop this long'
complete -c asyncdemo -n "$run" -l threads -x -d 'threads in the pool, 1 to 1024'
# render's trace, serve's options, information.
complete -c asyncdemo -n "$render" -F -d 'a trace saved with --format jsonl'
complete -c asyncdemo -n "$serve" -l host -x -a '127.0.0.1 0.0.0.0 ::1 ::' -d 'the address to listen on'
complete -c asyncdemo -n "$serve" -l port -x -d 'the port to listen on, 0 for a free one'
complete -c asyncdemo -s h -l help -d 'show the help and exit'
complete -c asyncdemo -n "$run" -l version -d 'show the version and exit'
