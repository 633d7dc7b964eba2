//! The bevy game mirrors the VM exactly, and is deterministic: the same replay gives the same
//! per-tick state hashes in one process, in another process, and after a rollback.

use std::sync::Arc;

use crate::common::{machine, skirmish};
use appvm::{Digest, Machine};
use appvm_arena::game::Game;
use appvm_arena::replay::Replay;
use appvm_arena::session::play;
use appvm_arena::vm::Arena;

fn game_hashes(machine: &Arc<Machine<Arena>>, replay: &Replay) -> Vec<Digest> {
    let mut game = Game::of_replay(machine.clone(), replay);
    game.run().expect("the replay plays");
    game.record().hashes.clone()
}

#[test]
fn the_ecs_mirrors_the_vm_tick_by_tick() {
    let machine = machine();
    let replay = skirmish();
    let played = play(&machine, &replay).expect("the replay plays");
    let vm_hashes: Vec<Digest> = played.states.iter().map(|s| s.hash()).collect();
    let mut game = Game::of_replay(machine.clone(), &replay);
    game.run().expect("the replay plays");
    assert_eq!(game.record().hashes, vm_hashes);
    assert_eq!(game.ecs_state(), *played.states.last().expect("a final state"));
    assert_eq!(game.record().events, played.events);
    assert!(played.states.len() > 30, "the match lasts: {} ticks", played.states.len());
    // The game's own record is the replay it played.
    let recorded = game.replay();
    assert_eq!(game_hashes(&machine, &recorded), vm_hashes);
}

#[test]
fn the_same_replay_gives_the_same_hashes_twice() {
    let machine = machine();
    assert_eq!(game_hashes(&machine, &skirmish()), game_hashes(&machine, &skirmish()));
}

/// GGRS's SyncTest, on the game: at every 10th tick, snapshot, play 8 ticks, roll back, play them
/// again, and compare the hashes.
#[test]
fn rolling_back_and_replaying_gives_the_same_hashes() {
    let machine = machine();
    let mut game = Game::of_replay(machine.clone(), &skirmish());
    let mut checked = 0;
    while !game.state().over {
        if game.state().tick % 10 == 0 {
            let snapshot = game.snapshot();
            let mut first = Vec::new();
            for _ in 0..8 {
                game.step().expect("plays");
                first.push(*game.record().hashes.last().expect("a hash"));
            }
            game.restore(&snapshot).expect("rolls back");
            for hash in first {
                game.step().expect("plays");
                assert_eq!(*game.record().hashes.last().expect("a hash"), hash);
            }
            checked += 1;
        } else {
            game.step().expect("plays");
        }
    }
    assert!(checked >= 3);
}

/// The hashes printed by a second process running the same replay are the same.
#[test]
fn another_process_gives_the_same_hashes() {
    const CHILD: &str = "APPVM_ARENA_PRINT_HASHES";
    let hashes = game_hashes(&machine(), &skirmish());
    let text: Vec<String> = hashes.iter().map(|h| h.to_string()).collect();
    if std::env::var_os(CHILD).is_some() {
        println!("HASHES {}", text.join(","));
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    // The test's name in the binary: its module path without the crate.
    let module = module_path!().split_once("::").map_or("", |(_, module)| module);
    let name = format!("{module}::another_process_gives_the_same_hashes");
    let out = std::process::Command::new(exe)
        .args(["--exact", &name, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().find_map(|l| l.split("HASHES ").nth(1)).expect("the child prints its hashes");
    assert_eq!(line, text.join(","));
}
