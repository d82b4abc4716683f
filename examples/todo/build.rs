fn main() {
    bffkit_build::build();
}
