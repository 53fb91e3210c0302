#include "asyncdemo/cli/help_topics.hpp"

#include <array>

#include "asyncdemo/cli/help.hpp"
#include "asyncdemo/cli/help_layout.hpp"
#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/core/suggest.hpp"
#include "asyncdemo/formats/formats.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/steps/step_kinds.hpp"

namespace asyncdemo::cli {
namespace {

constexpr std::array kExitStatuses{
    ExitStatus{"0", "every run finished"},
    ExitStatus{"1",
               "a task failed, a run deadlocked (every task left waited for another), or a "
               "run failed (the trace could not be written: disk full)"},
    ExitStatus{"2", "bad input: nothing ran"},
    ExitStatus{"124", "a run timed out (--timeout)"},
    ExitStatus{"129", "hung up (SIGHUP): stopped as by SIGTERM"},
    ExitStatus{"130", "interrupted by Ctrl-C (SIGINT)"},
    ExitStatus{"141", "the reader of the output went away (asyncdemo | head -n 2)"},
    ExitStatus{"143", "terminated (SIGTERM)"},
};

constexpr std::array kExamples{
    Example{"asyncdemo", "Python's classic asyncio example, sync then async, compared", true},
    Example{"asyncdemo --async", "the same, asynchronously only"},
    Example{"asyncdemo one=1s two=2s three=500ms", "three tasks of your own", true},
    Example{"asyncdemo --async 'greet=print:hello\\, world,sleep:250ms,print:bye'",
            "steps in order; a comma inside TEXT is written \\,", true},
    Example{"asyncdemo --clock virtual --format jsonl year=8760h day=24h",
            "a year in an instant, as JSON lines", true},
    Example{"asyncdemo -f tasks.txt -o trace.txt", "tasks from a file, the trace to another"},
    Example{"asyncdemo --async a=sleep:50ms,block:300ms b=sleep:100ms,print:late",
            "a blocking call freezes the loop: b wakes late, and a warning names a", true},
    Example{"asyncdemo --async --clock virtual --threads 2 'w*4=work:1s'",
            "four jobs on two pool threads finish in two waves"},
    Example{"asyncdemo --async --timeout 1.5s a=1s b=2s",
            "b is cancelled where it stands at 1.5s (exit 124)"},
    Example{"asyncdemo --async --on-error continue a=sleep:1s,fail:boom b=2s",
            "a fails, b runs on to its end (exit 1)"},
    Example{"asyncdemo --async --clock virtual --limit 2 'w*6=1s'",
            "at most two tasks at a time: three waves of a second"},
    Example{"asyncdemo --async --queue q=1 'p=put:q=a,put:q=b' 'c=(get:q,sleep:1s)*2'",
            "a producer waits while the queue is full, a consumer takes the jobs"},
    Example{"asyncdemo --async 'cat*2=fetch:http://127.0.0.1:8080/cats/1'",
            "two fetches over real sockets, with asyncdemo serve running in another terminal"},
    Example{"asyncdemo --async --quiet 'w*1000000=1s'", "a million coroutines, summary only", true},
    Example{"asyncdemo --explain --clock virtual",
            "narrate what the event loop does between the events", true},
    Example{"asyncdemo --clock virtual --svg run.svg", "an SVG timeline, for slides"},
    Example{"asyncdemo --clock virtual --html run.html",
            "a page to step through the run, forward and back"},
    Example{"asyncdemo --format chrome -o run.json", "open run.json in Perfetto"},
    Example{"asyncdemo --clock virtual --format jsonl -o run.jsonl",
            "save a trace; asyncdemo render run.jsonl draws it later", true},
};

std::string steps_topic() {
  std::string out = wrapped(
      "A task is NAME=STEP,STEP,...: its steps run in order, each KIND:ARGUMENT. The kinds:");
  out += '\n';
  for (const StepKind& kind : step_kinds()) {
    out += entry(std::string(kind.name) + ":" + std::string(kind.argument), kind.summary);
  }
  out += '\n';
  out += wrapped(
      "NAME=DURATION is short for printing \"NAME started\", sleeping DURATION and "
      "printing \"NAME resumed\", as the classic example's coroutines do.");
  out += wrapped("NAME*COUNT=... makes COUNT tasks named NAME1 ... NAMECOUNT (up to " +
                 std::to_string(kMostCopies) + "), like w*1000=sleep:1s.");
  out += wrapped(
      "(STEP,STEP,...)*N repeats a group of steps N times, like "
      "(get:jobs,work:100ms)*5.");
  out += wrapped(
      "Inside TEXT, write a comma as \\, and a backslash as \\\\. NAME is letters, "
      "digits, _ and -, unique within a run.");
  out += wrapped(
      "DURATION: asyncdemo help durations. Limits, queues and events are declared "
      "with --limit, --queue and --event.");
  return out;
}

std::string durations_topic() {
  std::string out = wrapped("DURATION is " + std::string(kDurationForm) +
                            ": 1, 1.5s, 250ms, "
                            "10us, 2m, 0.");
  out += wrapped(
      "A duration is exact to the nanosecond and printed back with every digit it has. "
      "Up to 100 years (876000h) is accepted, so a year-long sleep works on the "
      "virtual clock; all the waits of a run together may last up to what the clock "
      "counts, 2562047h (292 years). sleep:0 only lets the other ready tasks run first, "
      "as asyncio.sleep(0) does.");
  out += wrapped(
      "Durations are taken by NAME=DURATION, sleep:, block:, work:, --timeout and "
      "--slow.");
  return out;
}

std::string formats_topic() {
  std::string out = wrapped("--format FORMAT writes the trace as:");
  out += '\n';
  for (const FormatName& format : format_names()) out += entry(format.name, format.summary);
  out += '\n';
  out += wrapped(
      "asyncdemo render TRACE reads a jsonl trace back and draws it, or writes it in "
      "another format with --format. The JSON-lines contract (its fields are only "
      "ever added) is in the README.");
  return out;
}

std::string examples_topic() {
  std::string out = heading("Examples");
  for (const Example& example : examples()) {
    out += "  " + std::string(example.command) + "\n";
    out += wrapped(example.shows, 6);
  }
  return out;
}

std::string exit_codes_topic() {
  std::string out = heading("Exit status");
  for (const ExitStatus& status : exit_statuses()) {
    out += entry(status.code, status.meaning, kStatusColumn);
  }
  out += '\n';
  out += wrapped(
      "Bad input gets one line on standard error, asyncdemo: error: ..., naming the "
      "bad token and the expected form, and nothing runs.");
  return out;
}

struct Topic {
  std::string_view name;
  std::string (*text)();
};

const std::array kTopics{
    Topic{"steps", &steps_topic},
    Topic{"durations", &durations_topic},
    Topic{"formats", &formats_topic},
    Topic{"examples", &examples_topic},
    Topic{"exit-codes", &exit_codes_topic},
    Topic{"render", [] { return help_page(Command::render); }},
    Topic{"serve", [] { return help_page(Command::serve); }},
    Topic{"code", [] { return help_page(Command::code); }},
    Topic{"check", [] { return help_page(Command::check); }},
};

}  // namespace

std::span<const ExitStatus> exit_statuses() {
  return kExitStatuses;
}

std::span<const Example> examples() {
  return kExamples;
}

std::vector<std::string_view> topic_names() {
  std::vector<std::string_view> names;
  for (const Topic& topic : kTopics) names.push_back(topic.name);
  return names;
}

Result<std::string> topic_text(std::string_view topic) {
  for (const Topic& each : kTopics) {
    if (each.name == topic) return each.text();
  }
  const std::vector<std::string_view> names = topic_names();
  std::string listed;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) listed += i + 1 == names.size() ? " or " : ", ";
    listed += names[i];
  }
  return Error{"help", "no topic '" + std::string(topic) + "'" + did_you_mean(topic, names),
               listed};
}

}  // namespace asyncdemo::cli
