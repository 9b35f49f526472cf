//! Projects several window tests start from, built in code so a test shows what it is about.

use dlt_modeller::model::{Flow, Node, Position, Project};

/// A mine selling gold to a refiner: two actors, one asset, two flows.
pub fn gold() -> Project {
    let mut p = Project::new("Gold");
    p.nodes
        .insert("a-mine".into(), Node::actor("Mine", Position::new(0.0, 0.0)));
    p.nodes
        .insert("a-refiner".into(), Node::actor("Refiner", Position::new(300.0, 0.0)));
    p.nodes
        .insert("s-gold".into(), Node::asset("Gold lot", Position::new(150.0, 150.0)));
    let mut sells = Flow::new("a-mine", "a-refiner", 1, "sells gold");
    sells.asset = Some("s-gold".into());
    p.flows.insert("f-sells".into(), sells);
    p.flows
        .insert("f-records".into(), Flow::new("a-refiner", "s-gold", 2, "records lot"));
    p
}
