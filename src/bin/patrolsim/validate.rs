//! `patrolsim validate`: every check of a run without running, and the
//! scenario printed as resolved (defaults filled in, `extends` and `--set`
//! applied) as TOML that `run` reads back to the same results. A comparison
//! file's strategies are each checked as `compare` reads them.

use crate::args::ValidateArgs;
use crate::error::CliError;
use crate::output::emit;
use patrolsim::model::Model;
use patrolsim::scenario;

pub fn validate(a: ValidateArgs) -> Result<(), CliError> {
    let file = &a.scenario;
    let doc = scenario::Document::from_file(file)?;
    let (s, tree, _) = doc.resolved(&a.args.set)?;
    // The [uncertainty] table: every key exists, every range's ends legal.
    let uncertain = doc.check_uncertainty()?;
    // Every check of a run, but no travel tables are computed.
    let (world, warnings) = Model::check(&s)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    emit(&format!(
        "# {} as patrolsim {} resolves it: every key it reads, defaults filled in\n\
         # (`extends` and --set applied). `patrolsim run` of this file gives the same results.\n\n{}",
        file.display(),
        env!("CARGO_PKG_VERSION"),
        scenario::doc::to_toml(&tree)
    ));
    eprintln!(
        "ok: {} — {} nodes, {} jurisdictions, {} units, {:.1} officers needed",
        file.display(),
        world.node_count(),
        world.jurisdictions.len(),
        s.units.iter().map(|u| u.count).sum::<u32>(),
        patrolsim::model::officers_needed(&s)
    );
    // A comparison file: every strategy is checked as `compare` would read it.
    for (name, _) in &doc.strategies {
        let tree = doc.strategy_tree(name).expect("listed");
        let in_strategy = || CliError::bad_input_in(format!("in strategy \"{name}\""));
        let st = doc.read_tree(tree, &a.args.set).map_err(in_strategy())?;
        let (_, warnings) = Model::check(&st).map_err(in_strategy())?;
        for w in warnings {
            eprintln!("warning: strategy \"{name}\": {w}");
        }
        eprintln!("ok: strategy \"{name}\"");
    }
    for w in uncertain.iter().filter_map(|p| p.warning()) {
        eprintln!("warning: {w}");
    }
    if !uncertain.is_empty() {
        let synthesis = uncertain
            .iter()
            .filter(|p| p.source.starts_with("synthesis"))
            .count();
        eprintln!(
            "ok: [uncertainty] — {} parameters ({synthesis} synthesis), every key exists and both ends of every range are legal",
            uncertain.len()
        );
    }
    if let Some(r) = &world.roads {
        eprintln!(
            "roads: {} map nodes on drivable roads; {} ({:.1} %) outside the largest strongly connected component dropped; {} that only shape a road merged: {} nodes, {} directed edges ({} one-way)",
            r.map_nodes,
            r.dropped_nodes,
            100.0 * (1.0 - r.kept_share()),
            r.merged_nodes,
            r.nodes,
            r.edges,
            r.one_way_edges
        );
    }
    if let Some(r) = &world.land_use_report {
        eprintln!("{}", r.line());
    } else if world.geo.is_some() {
        eprintln!(
            "places: land use drawn (synthetic; places.land_use_from = \"{}\", and land use from tags needs an OpenStreetMap extract with tagged places)",
            patrolsim::scenario::tables::place_tags::LAND_USE_FROM[s.places.tags.from as usize]
        );
    }
    for sn in &world.snaps {
        eprintln!(
            "snapped: {} [{}, {}] -> node {} ({:.0} m away)",
            sn.path, sn.lonlat[0], sn.lonlat[1], sn.node, sn.distance_m
        );
    }
    Ok(())
}
