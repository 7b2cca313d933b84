# Sourced by scripts that compare two commits. Needs: $repo (the repository
# root) and $work (a scratch directory, removed by the caller's trap, which
# calls remove_rev_worktrees).
#
#   bin=$(build_rev REV NAME)   # REV empty: the work tree as it is
#
# Builds `patrolsim` of REV in its own worktree and target directory
# ($SAME_OUTPUTS_TARGET/NAME, default target/same-outputs/NAME) and prints the
# binary's path.
build_rev() {
    local rev=$1 name=$2 src
    if [[ -z $rev ]]; then
        src=$repo
    else
        src=$work/src-$name
        git -C "$repo" worktree add --detach --quiet "$src" "$rev"
    fi
    CARGO_TARGET_DIR=${SAME_OUTPUTS_TARGET:-$repo/target/same-outputs}/$name \
        cargo build --release --locked --quiet --bin patrolsim --manifest-path "$src/Cargo.toml" >&2
    echo "${SAME_OUTPUTS_TARGET:-$repo/target/same-outputs}/$name/release/patrolsim"
}

remove_rev_worktrees() {
    local wt
    for wt in "$work"/src-*; do
        [[ -d $wt ]] && git -C "$repo" worktree remove --force "$wt" >/dev/null 2>&1 || true
    done
}
