#ifndef SWITCHBOARD_BUILD_INFO_H
#define SWITCHBOARD_BUILD_INFO_H

/// The version this binary was built as: SWITCHBOARD_BUILD_VERSION in the build's environment
/// (Package.swift passes it as a C define), "dev" when it was not set (`swift run`).
const char *switchboard_build_version(void);

/// The commit this binary was built from: SWITCHBOARD_BUILD_COMMIT at build time, "" when unset.
const char *switchboard_build_commit(void);

#endif
