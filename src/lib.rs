//! dlt-modeller: model distributed-ledger use cases the way the ITU-T Focus Group on DLT framed
//! them. See `docs/ARCHITECTURE.md` for the module map.

pub mod app;
pub mod assess;
pub mod canvas;
pub mod catalog;
pub mod cli;
pub mod diagram;
pub mod edit;
pub mod export;
pub mod file;
pub mod generate;
pub mod interchange;
pub mod layout;
pub mod markup;
pub mod merge;
pub mod model;
pub mod session;
pub mod templates;
