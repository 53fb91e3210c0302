#include "asyncdemo/check/check_command.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <system_error>

#include "asyncdemo/check/interpreter.hpp"
#include "asyncdemo/check/scaled_scenario.hpp"
#include "asyncdemo/check/trace_comparison.hpp"
#include "asyncdemo/core/child_process.hpp"
#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/reading/jsonl_reader.hpp"
#include "asyncdemo/scenario/task_spec_text.hpp"
#include "asyncdemo/trace/event_store.hpp"
#include "asyncdemo/trace/storing_sink.hpp"

namespace asyncdemo {
namespace {

constexpr std::size_t kCellWidth = 46;
// On the real clock (fetch:), asyncdemo's events this close together are one instant.
constexpr Duration kSameInstantOnTheRealClock = std::chrono::milliseconds(10);
// How long after asyncdemo's deadlock a program that waits forever is given before it is killed.
// It counts from the interpreter's start, which on a loaded machine can take seconds itself
// (importing trio), so it is generous: killed too soon, a program has not printed its trace yet.
constexpr std::chrono::milliseconds kDeadlockPatience{5000};

// What a run came to: its counts and the exit status it gives.
struct Outcome {
  std::size_t finished = 0;
  std::size_t cancelled = 0;
  std::size_t failed = 0;
  int exit_code = 0;

  bool operator==(const Outcome&) const = default;
  std::string shown() const {
    return "finished " + std::to_string(finished) + ", cancelled " + std::to_string(cancelled) +
           ", failed " + std::to_string(failed) + "; exit " + std::to_string(exit_code);
  }
};

// asyncdemo's exit status for one run, as run_command picks it.
int exit_code_of(const RunFacts& facts) {
  if (facts.stopped_by == StopReason::timeout) return kExitTimeout;
  if (facts.failed > 0 || facts.stopped_by == StopReason::deadlock) return kExitFailure;
  return 0;
}

// The events of a trace read back, each with its own text, as asyncdemo's own run keeps them.
Result<std::vector<StoredEvent>> stored_events(Result<EventStore> store) {
  if (!store) return store.error();
  std::vector<StoredEvent> events;
  events.reserve(store->size());
  store->for_each([&](const TraceEvent& event) { events.push_back(StoredEvent::copy(event)); });
  return events;
}

Outcome outcome_of(const std::vector<StoredEvent>& events, int exit_code) {
  Outcome outcome;
  outcome.exit_code = exit_code;
  for (const StoredEvent& stored : events) {
    const TraceEvent event = stored.view();
    if (event.kind != EventKind::run_end || event.run == nullptr) continue;
    outcome.finished = event.run->finished;
    outcome.cancelled = event.run->cancelled;
    outcome.failed = event.run->failed;
  }
  return outcome;
}

// One side of a run: its events as check compares them, and how it ended.
struct Side {
  std::vector<ComparedEvent> events;
  Outcome outcome;
};

std::string fitted(std::string text, std::size_t width) {
  if (text.size() > width) text = text.substr(0, width - 3) + "...";
  return text + std::string(width - text.size(), ' ');
}

std::string cell(const ComparedEvent* event, std::size_t name_width) {
  if (event == nullptr) return fitted("", kCellWidth);
  std::string task = event->task;
  task.resize(std::max(task.size(), name_width), ' ');
  return fitted(format_time(event->t) + "  " + task + "  " + event->shown, kCellWidth);
}

bool needs_real_time(const Scenario& scenario) {
  for (const TaskSpec& task : scenario.tasks()) {
    for (const auto& step : *task.steps) {
      if (step->needs_real_time()) return true;
    }
  }
  return false;
}

struct CheckSetup {
  const Language* language = nullptr;
  std::string interpreter;
  double scale = 1;
  Duration tolerance = kDefaultTolerance;
  RunSettings settings;  // the scaled timeout
  bool quiet = false;
};

// Runs one mode both ways and reports it; true when the two agree.
bool check_mode(const Scenario& scenario, Mode mode, const CheckSetup& setup,
                const Options& options, std::ostream& out) {
  const bool real_time = needs_real_time(scenario);
  StoringSink ours;
  {
    Trace trace;
    trace.add_sink(ours);
    StopSignal stop;
    RunSettings settings = setup.settings;
    settings.warn = [](std::string_view) {};
    run_scenario(scenario, mode, real_time ? ClockKind::real : ClockKind::virtual_, trace, stop,
                 settings);
  }
  Duration elapsed{};
  int our_exit = 0;
  bool deadlocked = false;
  for (const StoredEvent& stored : ours.events) {
    const TraceEvent event = stored.view();
    if (event.kind == EventKind::run_end && event.run != nullptr) {
      elapsed = event.run->elapsed;
      our_exit = exit_code_of(*event.run);
      deadlocked = event.run->stopped_by == StopReason::deadlock;
    }
  }
  // asyncdemo reports a deadlock and stops it; a program waits forever, as its language does
  // (or simply ends, as Node.js does with nothing left to wait for), unless it looks out for
  // deadlocks itself, as the plain Python program does one task after another.
  const bool waits_forever = deadlocked && !setup.language->reports_deadlocks(mode);

  std::vector<std::string> words{"asyncdemo", "code", "--lang", std::string(setup.language->name),
                                 mode == Mode::sync ? "--sync" : "--async"};
  if (setup.settings.timeout) {
    words.insert(words.end(), {"--timeout", format_duration(*setup.settings.timeout)});
  }
  if (options.on_error == OnError::continue_) words.insert(words.end(), {"--on-error", "continue"});
  if (options.threads != 0)
    words.insert(words.end(), {"--threads", std::to_string(options.threads)});
  for (const std::string& word : declaration_words(scenario.declarations())) words.push_back(word);
  for (const TaskSpec& task : scenario.tasks()) words.push_back(task_spec_text(task));
  PlanSettings plan_settings;
  plan_settings.mode = mode;
  plan_settings.timeout = setup.settings.timeout;
  plan_settings.on_error = options.on_error;
  plan_settings.threads = options.threads;
  plan_settings.command = shell_words(words);
  const Result<std::string> program = setup.language->write(plan_program(scenario, plan_settings));
  const std::string label = std::string(to_string(mode));
  if (!program) {
    out << label << ": " << program.error().message() << "\n";
    return false;
  }

  ProcessResult run;
  ProcessOptions process;
  process.stdin_text = *program;
  const auto patience =
      waits_forever
          ? kDeadlockPatience + std::chrono::duration_cast<std::chrono::milliseconds>(elapsed)
          : std::chrono::seconds(15) +
                2 * std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
  try {
    run = run_process(setup.interpreter, {"-"}, process, patience);
  } catch (const std::system_error& error) {
    out << label << ": " << setup.interpreter << " could not be started: " << error.what() << "\n";
    return false;
  }
  std::string printed = run.out;
  if (waits_forever && printed.find("\"run_end\"") == std::string::npos) {
    // Killed while it waited, or ended with its tasks unsettled: close its trace for the reader.
    printed += "{\"t\": 0, \"mode\": \"" + std::string(to_string(mode)) +
               "\", \"event\": \"run_end\", \"elapsed\": 0, \"clock\": \"real\", \"tasks\": 0, "
               "\"finished\": 0, \"cancelled\": 0, \"theory\": 0}\n";
  }
  std::istringstream lines(printed);
  Result<std::vector<StoredEvent>> theirs = stored_events(read_jsonl(lines, "the program's trace"));

  Side expected{compared_events(ours.events), Outcome{}};
  if (waits_forever) {
    // What both do until the deadlock: asyncdemo's cancellations of the stuck tasks, and the
    // tasks a stop leaves unstarted, the program never gets to.
    std::vector<TraceEvent> events;
    for (const StoredEvent& stored : ours.events) {
      const TraceEvent event = stored.view();
      if (event.kind != EventKind::run_start && event.kind != EventKind::run_end) {
        events.push_back(event);
      }
    }
    std::size_t kept = 0;
    while (kept < events.size() && !(events[kept].kind == EventKind::cancel &&
                                     events[kept].reason == StopReason::deadlock)) {
      ++kept;
    }
    // The slots a stuck task held go back as it is cancelled: that is the deadlock's doing too.
    while (kept > 0 && events[kept - 1].kind == EventKind::release &&
           events[kept - 1].at == "end") {
      --kept;
    }
    std::vector<ComparedEvent> before;
    for (const ComparedEvent& event : expected.events) {
      if (before.size() == kept) break;
      before.push_back(event);
    }
    expected.events = std::move(before);
  }
  expected.outcome = outcome_of(ours.events, our_exit);
  Side actual;
  if (theirs) {
    actual.events = compared_events(*theirs);
    actual.outcome = outcome_of(*theirs, run.exit_code);
  }
  // Where the program has a timeout, it waits out the deadlock until the timeout cancels the
  // stuck tasks (and they give back their slots): only those events come after what both did.
  std::size_t after_deadlock = 0;
  if (waits_forever && actual.events.size() > expected.events.size() &&
      std::all_of(actual.events.begin() + static_cast<std::ptrdiff_t>(expected.events.size()),
                  actual.events.end(), [](const ComparedEvent& event) {
                    return event.cancel || event.key.find("\nrelease ") != std::string::npos;
                  })) {
    after_deadlock = actual.events.size() - expected.events.size();
    actual.events.resize(expected.events.size());
  }
  const ComparisonRules rules{setup.tolerance, !setup.language->own_order_within_an_instant.empty(),
                              real_time ? kSameInstantOnTheRealClock : Duration{}};
  TraceComparison comparison = compare_traces(expected.events, actual.events, rules);
  std::string problem;
  if (waits_forever) {
    if (!theirs) {
      problem = theirs.error().message();
    } else if (!comparison.agree) {
      problem = comparison.difference;
    }
  } else if (run.timed_out) {
    problem = "the program did not end within " + format_duration(patience) + " and was killed";
  } else if (!theirs) {
    problem = theirs.error().message();
  } else if (!comparison.agree) {
    problem = comparison.difference;
  } else if (!(expected.outcome == actual.outcome)) {
    problem = "the outcome differs: asyncdemo " + expected.outcome.shown() + ", the program " +
              actual.outcome.shown();
  }

  if (!setup.quiet) {
    std::size_t name_width = 0;
    for (const ComparedEvent& event : expected.events) {
      name_width = std::max(name_width, std::min<std::size_t>(event.task.size(), 14));
    }
    out << "\n  "
        << fitted(std::string("asyncdemo, ") + (real_time ? "real" : "virtual") + " clock",
                  kCellWidth)
        << " | " << setup.language->interpreter << " (" << setup.language->title
        << "), real time\n";
    const std::size_t rows = std::max(expected.events.size(), actual.events.size());
    for (std::size_t row = 0; row < rows; ++row) {
      const bool reordered = std::find(comparison.reordered.begin(), comparison.reordered.end(),
                                       row) != comparison.reordered.end();
      const char* mark = !problem.empty() && !comparison.agree && row == comparison.difference_row
                             ? "! "
                         : reordered ? "~ "
                                     : "  ";
      const ComparedEvent* left = row < expected.events.size() ? &expected.events[row] : nullptr;
      const ComparedEvent* right = row < actual.events.size() ? &actual.events[row] : nullptr;
      std::string line = mark + cell(left, name_width) + " | " + cell(right, name_width);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
    out << "  " << fitted(expected.outcome.shown(), kCellWidth) << " | "
        << (theirs ? actual.outcome.shown() : "exit " + std::to_string(run.exit_code)) << "\n";
    if (!theirs && !run.out.empty()) {
      std::string printed = run.out;
      if (printed.size() > 2000) printed = "..." + printed.substr(printed.size() - 2000);
      out << "  what the program printed:\n" << printed << (printed.back() == '\n' ? "" : "\n");
    }
    if (!problem.empty() && !run.err.empty()) {
      std::string err = run.err;
      if (err.size() > 2000) err = "..." + err.substr(err.size() - 2000);
      out << "  the program's standard error:\n" << err << (err.back() == '\n' ? "" : "\n");
    }
  }
  if (problem.empty() && waits_forever) {
    out << label << ": agree up to the deadlock: the same " << expected.events.size()
        << " events in the same order and in time; then asyncdemo reports the deadlock (the "
           "stuck tasks cancelled, exit 1), where the program "
        << (run.timed_out ? "waits forever, as " + std::string(setup.language->title) +
                                " does (killed after " + format_duration(patience) + ")"
            : after_deadlock > 0
                ? "waits until its timeout cancels it (" + std::to_string(after_deadlock) +
                      (after_deadlock == 1 ? " event" : " events") + " more, exit " +
                      std::to_string(run.exit_code) + ")"
                : "ends with its tasks still waiting (exit " + std::to_string(run.exit_code) + ")")
        << "\n";
    return true;
  }
  if (problem.empty()) {
    out << label << ": agree: the same " << expected.events.size()
        << " events in the same order and in time (at most "
        << format_duration(comparison.most_apart) << " apart)";
    if (!comparison.reordered.empty()) {
      out << " (the " << comparison.reordered.size()
          << " marked ~ are of one instant, in an order the language leaves open)";
    }
    out << "; the same outcome: " << expected.outcome.shown() << "\n";
    return true;
  }
  out << label << ": differ: " << problem << "\n";
  return false;
}

}  // namespace

int check_command(const Options& options, const CodeOptions& code) {
  CheckSetup setup;
  Result<const Language*> language = parse_language(code.language);
  if (!language) {
    print_error(language.error().message());
    return kExitUsage;
  }
  setup.language = *language;
  if (!code.scale.empty()) {
    Result<double> scale = parse_scale(code.scale);
    if (!scale) {
      print_error(scale.error().message());
      return kExitUsage;
    }
    setup.scale = *scale;
  }
  if (!code.tolerance.empty()) {
    Result<Duration> tolerance = parse_duration_option("--tolerance", code.tolerance);
    if (!tolerance) {
      print_error(tolerance.error().message());
      return kExitUsage;
    }
    setup.tolerance = *tolerance;
  }
  Result<Scenario> loaded = load_scenario(options);
  if (!loaded) {
    print_error(loaded.error().message());
    return kExitUsage;
  }
  Result<Scenario> scenario = scaled_scenario(*loaded, setup.scale);
  if (!scenario) {
    print_error(scenario.error().message());
    return kExitUsage;
  }
  const std::vector<Mode> modes =
      options.mode ? std::vector<Mode>{*options.mode} : std::vector<Mode>{Mode::sync, Mode::async};
  std::vector<Requirement> requirements;
  for (Mode mode : modes) {
    PlanSettings settings;
    settings.mode = mode;
    for (const Requirement& needed :
         setup.language->requirements(plan_program(*scenario, settings))) {
      const bool known =
          std::any_of(requirements.begin(), requirements.end(),
                      [&](const Requirement& r) { return r.module == needed.module; });
      if (!known) requirements.push_back(needed);
    }
  }
  Result<std::string> interpreter =
      ready_interpreter(*setup.language, code.interpreter, requirements);
  if (!interpreter) {
    print_error(interpreter.error().message());
    return kExitUsage;
  }
  setup.interpreter = *interpreter;
  if (options.timeout) setup.settings.timeout = scaled(*options.timeout, setup.scale);
  setup.settings.on_error = options.on_error;
  setup.settings.threads = options.threads;
  setup.settings.slow = options.slow;
  setup.quiet = options.quiet;

  std::cout << "asyncdemo check: the " << setup.language->title << " program run by "
            << setup.interpreter << " in real time, beside asyncdemo";
  if (setup.scale != 1) std::cout << ", every duration x" << code.scale;
  std::cout << "; each instant within " << format_duration(setup.tolerance)
            << " of asyncdemo's, counted from the start or from the instant before";
  if (!setup.language->own_order_within_an_instant.empty()) {
    std::cout << ". " << setup.language->own_order_within_an_instant
              << ": the events of one instant are compared as a set";
  }
  std::cout << "\n";
  bool agree = true;
  std::string differing;
  for (Mode mode : modes) {
    if (!check_mode(*scenario, mode, setup, options, std::cout)) {
      agree = false;
      differing += differing.empty() ? "" : " and ";
      differing += to_string(mode);
    }
  }
  if (agree) {
    std::cout << "check: the " << setup.language->name << " program does what asyncdemo does\n";
    return 0;
  }
  std::cout << "check: the " << setup.language->name << " program differs from asyncdemo ("
            << differing << ")\n";
  return kExitFailure;
}

}  // namespace asyncdemo
