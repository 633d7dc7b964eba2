//! `appvm render`: an arena replay, played on the VM's executor, drawn by `appvm_arena::render`
//! (the flags map to its functions as its module docs say).

use anyhow::{ensure, Context, Result};
use appvm::{Machine, Params, Vm as _};
use appvm_arena::render::{self, RenderOptions};
use appvm_arena::session::play;
use appvm_arena::vm::Arena;

use crate::apps::arena::ArenaApp;
use crate::cli::RenderArgs;
use crate::registry;
use crate::replay;

/// Runs the command.
pub fn run(args: RenderArgs) -> Result<()> {
    let source = registry::resolve(Some(&args.replay))?;
    // A scenario of another VM is refused by name; anything else is read as a replay, so that a
    // broken one gets the errors that name its line.
    let vm = registry::vm_of(&source)?;
    ensure!(
        vm.name() == Arena::NAME,
        "{} is a `{}` scenario; `appvm render` draws arena replays",
        source.name,
        vm.name()
    );
    let replay = replay::parse::<ArenaApp>(&source)?;
    // Drawing needs the states, not a proof: execution does not depend on the parameter set.
    let machine = Machine::<Arena>::new(Params::Fast).context("the arena VM does not lay out")?;
    let played = play(&machine, &replay).with_context(|| format!("{}: the replay does not play", source.name))?;

    let (scenario, states) = (&replay.scenario, &played.states[..]);
    let opts = RenderOptions { every: args.every.unwrap_or(1), tick: args.tick, scale: args.scale };
    let drawn = if args.png {
        ensure!(args.every.is_none(), "`--every` samples an animation; a PNG is one tick (`--tick N`)");
        render::png(scenario, states, opts)
    } else if args.html {
        render::html(scenario, states, opts).map(String::into_bytes)
    } else if args.tick.is_some() {
        ensure!(args.every.is_none(), "`--svg --tick N` draws one tick, `--svg --every N` animates: give one of them");
        render::svg(scenario, states, opts).map(String::into_bytes)
    } else {
        render::animated_svg(scenario, states, opts).map(String::into_bytes)
    };
    let bytes = drawn.with_context(|| format!("cannot draw {}", source.name))?;
    std::fs::write(&args.output, &bytes).with_context(|| format!("cannot write `{}`", args.output.display()))?;
    eprintln!("wrote {} ({} bytes): a match of {} ticks", args.output.display(), bytes.len(), states.len() - 1);
    Ok(())
}
