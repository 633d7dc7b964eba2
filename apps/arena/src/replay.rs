//! A replay: a [`Scenario`] and the players' commands, tick by tick, as a RON file
//! (docs/arena.md, "Replays"). Reading one checks it: a syntax error or a command the rules can
//! never accept (an unknown unit, ticks out of order, a point outside the grid) is an error that
//! names the file's line. A command the rules refuse in play (an order for a unit that died, an
//! attack on an ally) is not an error: it is proven, as a rejection event.

use serde::{Deserialize, Serialize};

use crate::fx::{serde_fx, Fx};
use crate::scenario::{Scenario, ScenarioError, GRID};

/// A player's command to one of their units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Walk towards a point, ignoring enemies.
    Move {
        unit: u32,
        #[serde(with = "serde_fx")]
        x: Fx,
        #[serde(with = "serde_fx")]
        y: Fx,
    },
    /// Chase an enemy unit until it is in range, then shoot it whenever the weapon is ready.
    Attack { unit: u32, target: u32 },
    /// Stay, and keep shooting the current target while it is in range.
    Hold { unit: u32 },
    /// Stay and forget the target.
    Stop { unit: u32 },
}

impl Command {
    /// The unit the command is for.
    pub fn unit(&self) -> u32 {
        match *self {
            Command::Move { unit, .. }
            | Command::Attack { unit, .. }
            | Command::Hold { unit }
            | Command::Stop { unit } => unit,
        }
    }
}

/// The commands given before one tick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickInput {
    /// The tick they apply to (0 is the first).
    pub tick: u32,
    /// In the order they are applied.
    pub commands: Vec<Command>,
}

/// A match as recorded: its start and every command. Ticks without commands are left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    /// The start.
    pub scenario: Scenario,
    /// Commands by tick, ticks strictly increasing and below the tick limit.
    pub ticks: Vec<TickInput>,
}

/// Why a replay file cannot be played, with the line it is on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// Not RON, or not a replay.
    #[error("line {line}, column {col}: {message}")]
    Syntax { line: usize, col: usize, message: String },
    /// The scenario breaks a bound.
    #[error("line {line}: {error}")]
    Scenario { line: usize, error: ScenarioError },
    /// A tick entry is out of order or past the limit, or a command can never be applied.
    #[error("line {line}: {message}")]
    Entry { line: usize, message: String },
}

impl Replay {
    /// Reads and checks a replay file's text.
    pub fn parse(text: &str) -> Result<Replay, ReplayError> {
        let replay: Replay = ron::from_str(text).map_err(|e| ReplayError::Syntax {
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        })?;
        let lines = EntryLines::scan(text);
        replay.scenario.validate().map_err(|error| {
            let line = match error {
                ScenarioError::Unit { unit, .. } => lines.units.get(unit).copied().unwrap_or(lines.scenario),
                _ => lines.scenario,
            };
            ReplayError::Scenario { line, error }
        })?;
        replay
            .check_entries()
            .map_err(|(tick, command, message)| ReplayError::Entry { line: lines.of(tick, command), message })?;
        Ok(replay)
    }

    /// The replay as RON, one command per line.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().depth_limit(4).indentor("  ".to_string());
        ron::ser::to_string_pretty(self, config).expect("a replay always serialises")
    }

    /// Checks the tick log against the scenario: `(tick entry, command, message)` of the first
    /// problem.
    pub fn check_entries(&self) -> Result<(), (usize, Option<usize>, String)> {
        let units = self.scenario.units.len() as u32;
        let grid = Fx::from_num(GRID);
        let mut last = None;
        for (t, entry) in self.ticks.iter().enumerate() {
            if last.is_some_and(|last| entry.tick <= last) {
                return Err((t, None, format!("tick {} comes after tick {}", entry.tick, last.unwrap_or(0))));
            }
            if entry.tick >= self.scenario.tick_limit {
                return Err((
                    t,
                    None,
                    format!("tick {} is past the tick limit {}", entry.tick, self.scenario.tick_limit),
                ));
            }
            last = Some(entry.tick);
            for (c, command) in entry.commands.iter().enumerate() {
                let fail = |message: String| Err((t, Some(c), message));
                if command.unit() >= units {
                    return fail(format!("unknown unit {} (the scenario has {units})", command.unit()));
                }
                match *command {
                    Command::Attack { target, .. } if target >= units => {
                        return fail(format!("unknown target unit {target} (the scenario has {units})"))
                    }
                    Command::Move { x, y, .. } if x < 0 || y < 0 || x >= grid || y >= grid => {
                        return fail(format!("point ({x}, {y}) is outside the {GRID} × {GRID} grid"))
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// Where the scenario, each tick entry and each command start in a replay's text.
struct EntryLines {
    scenario: usize,
    units: Vec<usize>,
    ticks: Vec<(usize, Vec<usize>)>,
}

impl EntryLines {
    /// Finds the units and the tick entries by bracket depth (strings and comments skipped):
    /// inside a list (depth 1) an entry's `(` opens depth 2, and a tick entry's commands are the
    /// names at depth 3, inside its `commands: [..]`.
    fn scan(text: &str) -> Self {
        let scenario = line_of(text, text.find("scenario").unwrap_or(0));
        let units = match text.find("units") {
            Some(start) => Self::scan_from(text, start).into_iter().map(|(line, _)| line).collect(),
            None => Vec::new(),
        };
        let ticks = match text.find("ticks") {
            Some(start) => Self::scan_from(text, start),
            None => Vec::new(),
        };
        Self { scenario, units, ticks }
    }

    /// The entries of the list that follows `start`, with the lines of their commands.
    fn scan_from(text: &str, start: usize) -> Vec<(usize, Vec<usize>)> {
        let mut ticks: Vec<(usize, Vec<usize>)> = Vec::new();
        let bytes = text.as_bytes();
        let (mut depth, mut i, mut line) = (0usize, start, line_of(text, start));
        let mut in_entry_commands = false;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line += 1,
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                        i += 1;
                    }
                }
                b'[' | b'(' => {
                    depth += 1;
                    if depth == 2 && bytes[i] == b'(' {
                        ticks.push((line, Vec::new()));
                        in_entry_commands = false;
                    }
                    if depth == 3 && bytes[i] == b'[' {
                        in_entry_commands = true;
                    }
                }
                b']' | b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                c if depth == 3 && in_entry_commands && c.is_ascii_alphabetic() => {
                    if let Some((_, commands)) = ticks.last_mut() {
                        commands.push(line);
                    }
                    while i + 1 < bytes.len() && bytes[i + 1].is_ascii_alphanumeric() {
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        ticks
    }

    fn of(&self, tick: usize, command: Option<usize>) -> usize {
        let Some((line, commands)) = self.ticks.get(tick) else { return self.scenario };
        command.and_then(|c| commands.get(c).copied()).unwrap_or(*line)
    }
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid two-unit replay, one entry per line, with `entries` as its tick log.
    fn text(entries: &str) -> String {
        format!(
            r#"(
  scenario: (
    arena: (width: 8, height: 8),
    seed: 1,
    tick_limit: 50,
    units: [
      (team: 0, x: 2.5, y: 2.5, hp: 10, damage: 2, range: 2, reload: 1, speed: 0.5),
      (team: 1, x: 5.5, y: 5.5, hp: 10, damage: 2, range: 2, reload: 1, speed: 0.5),
    ],
  ),
  ticks: [
{entries}
  ],
)"#
        )
    }

    fn line_of_error(entries: &str) -> (usize, String) {
        match Replay::parse(&text(entries)) {
            Err(ReplayError::Entry { line, message }) => (line, message),
            Err(ReplayError::Syntax { line, message, .. }) => (line, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_replay_reads_and_round_trips() {
        let replay = Replay::parse(&text("    (tick: 0, commands: [Attack(unit: 0, target: 1), Hold(unit: 1)]),"))
            .expect("a valid replay");
        assert_eq!(replay.ticks[0].commands[1], Command::Hold { unit: 1 });
        assert_eq!(Replay::parse(&replay.to_ron()), Ok(replay));
    }

    #[test]
    fn errors_name_the_line_of_the_entry_or_command() {
        // The tick log starts on line 12 of `text`.
        let unknown = "    (tick: 0, commands: [\n      Hold(unit: 0),\n      Stop(unit: 7),\n    ]),";
        assert_eq!(line_of_error(unknown), (14, "unknown unit 7 (the scenario has 2)".into()));
        let target = "    (tick: 0, commands: [Attack(unit: 0, target: 2)]),";
        assert_eq!(line_of_error(target).0, 12);
        let order = "    (tick: 3, commands: [Hold(unit: 0)]),\n    (tick: 3, commands: [Hold(unit: 1)]),";
        assert_eq!(line_of_error(order), (13, "tick 3 comes after tick 3".into()));
        let late = "    (tick: 50, commands: []),";
        assert_eq!(line_of_error(late), (12, "tick 50 is past the tick limit 50".into()));
        let point = "    (tick: 1, commands: [\n      Move(unit: 0, x: 3, y: 32),\n    ]),";
        assert_eq!(line_of_error(point).0, 13);
        let syntax = "    (tick: 1, commands: [Fly(unit: 0)]),";
        assert_eq!(line_of_error(syntax).0, 12);
    }

    /// The example of docs/arena.md, "Replays", is a valid replay.
    #[test]
    fn the_documented_example_reads() {
        let doc = include_str!("../../../docs/arena.md");
        let start = doc.find("```ron\n").expect("the example") + "```ron\n".len();
        let end = start + doc[start..].find("```").expect("its end");
        let replay = Replay::parse(&doc[start..end]).expect("the documented replay is valid");
        assert_eq!(replay.ticks[1].commands, [Command::Hold { unit: 0 }]);
    }

    #[test]
    fn an_invalid_scenario_names_its_line() {
        let bad = text("").replace(
            "hp: 10, damage: 2, range: 2, reload: 1, speed: 0.5),\n      (team: 1",
            "hp: 0, damage: 2, range: 2, reload: 1, speed: 0.5),\n      (team: 1",
        );
        match Replay::parse(&bad) {
            Err(ReplayError::Scenario { line: 7, error: ScenarioError::Unit { unit: 0, .. } }) => {}
            other => panic!("{other:?}"),
        }
    }
}
