// Loading an optional NVIDIA library (cuBLAS, cuDNN) at run time: the addon has no build-time
// dependency on it, and works without it.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace tts {

// Where to look for a library: $<envVar> (a path) first, then each of `names` as the dynamic
// loader finds it, then each name in the CUDA toolkit's and the system's library folders.
std::vector<std::string> libraryCandidates(const char* envVar, const std::vector<std::string>& names);

// dlopens the candidates in order until `bind(handle)` accepts one (it resolves the symbols it
// needs and returns false when some are missing). Returns the path bound, or "" with the reasons
// collected in `errors`.
std::string openFirstLibrary(const std::vector<std::string>& candidates, const std::function<bool(void*)>& bind,
                             std::string& errors);

// The symbol `name` of `lib`, or of `fallback` (an older name) when given and the first is absent.
void* librarySymbol(void* lib, const char* name, const char* fallback = nullptr);

}  // namespace tts
