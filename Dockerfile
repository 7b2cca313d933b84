# patrolsim in an image, for Kubernetes Indexed Jobs (docs/cluster.md, section 5).
#   podman build -t patrolsim:0.1.0 .        (or: docker build -t patrolsim:0.1.0 .)
# The image holds the binary at /usr/local/bin/patrolsim and the shipped
# scenarios at /opt/patrolsim/scenarios; the Job gives the command.
FROM docker.io/library/rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin patrolsim

FROM docker.io/library/debian:bookworm-slim
COPY --from=build /src/target/release/patrolsim /usr/local/bin/patrolsim
COPY --from=build /src/scenarios /opt/patrolsim/scenarios
CMD ["patrolsim", "--help"]
