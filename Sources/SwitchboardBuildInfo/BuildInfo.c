// C, because a Swift define carries no value: Package.swift defines these two macros from the
// build's environment, and every other target reads them through these functions.
#include "SwitchboardBuildInfo.h"

#ifndef SWITCHBOARD_BUILD_VERSION
#define SWITCHBOARD_BUILD_VERSION "dev"
#endif

#ifndef SWITCHBOARD_BUILD_COMMIT
#define SWITCHBOARD_BUILD_COMMIT ""
#endif

const char *switchboard_build_version(void) { return SWITCHBOARD_BUILD_VERSION; }

const char *switchboard_build_commit(void) { return SWITCHBOARD_BUILD_COMMIT; }
