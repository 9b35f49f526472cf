//! Exchanging diagrams with other tools (docs/INTERCHANGE.md), on generated projects of 1,000
//! and 10,000 nodes (two flows per node): `interchange/write-{drawio,mermaid,dot,csv}/<size>`
//! write the text, `interchange/read-{drawio,csv}/<size>` build the project back from it, and
//! `interchange/picture/<size>` makes the PNG text chunk that carries the project in an export
//! (canonical text, compressed).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::diagram::Sizes;
use dlt_modeller::file::picture;
use dlt_modeller::generate;
use dlt_modeller::interchange::{csv, dot, drawio, mermaid};

fn interchange(c: &mut Criterion) {
    let mut group = c.benchmark_group("interchange");
    group.sample_size(10);
    for (name, nodes) in [("1k", 1_000), ("10k", 10_000)] {
        let project = generate::generate(nodes, 1);
        group.bench_function(format!("write-drawio/{name}"), |b| {
            b.iter(|| drawio::write(black_box(&project), &Sizes))
        });
        group.bench_function(format!("write-mermaid/{name}"), |b| {
            b.iter(|| mermaid::write(black_box(&project)))
        });
        group.bench_function(format!("write-dot/{name}"), |b| {
            b.iter(|| dot::write(black_box(&project), Some(&Sizes)))
        });
        group.bench_function(format!("write-csv/{name}"), |b| {
            b.iter(|| (csv::write_nodes(black_box(&project)), csv::write_flows(&project)))
        });
        let text = drawio::write(&project, &Sizes);
        let options = drawio::ReadOptions {
            title: "bench".into(),
            assets: None,
        };
        group.bench_function(format!("read-drawio/{name}"), |b| {
            b.iter(|| drawio::read(black_box(&text), &options, &Sizes).unwrap())
        });
        let (nodes_text, flows_text) = (csv::write_nodes(&project), csv::write_flows(&project));
        group.bench_function(format!("read-csv/{name}"), |b| {
            b.iter(|| {
                let nodes = csv::Table {
                    name: "nodes.csv",
                    text: &nodes_text,
                };
                let flows = csv::Table {
                    name: "flows.csv",
                    text: &flows_text,
                };
                csv::read(black_box(nodes), Some(flows), "bench", &Sizes).unwrap()
            })
        });
        group.bench_function(format!("picture/{name}"), |b| {
            b.iter(|| {
                let chunk = picture::png_chunk(black_box(&project));
                black_box(chunk.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, interchange);
criterion_main!(benches);
