mod gen;
mod large_component;
mod perf;
mod prop;
mod support;
mod unit;
