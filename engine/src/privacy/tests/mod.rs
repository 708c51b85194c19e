mod gen;
mod perf;
mod prop;
mod support;
mod unit;
