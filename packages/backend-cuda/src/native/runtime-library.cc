// Run-time loading of optional libraries (see runtime-library.h).
#include "runtime-library.h"

#include <dlfcn.h>

#include <cstdlib>

namespace tts {

std::vector<std::string> libraryCandidates(const char* envVar, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  if (const char* path = std::getenv(envVar)) out.emplace_back(path);
  for (const std::string& n : names) out.push_back(n);
  for (const char* dir : {"/usr/local/cuda/lib64/", "/usr/local/cuda/targets/x86_64-linux/lib/", "/usr/lib/x86_64-linux-gnu/"}) {
    for (const std::string& n : names) out.push_back(dir + n);
  }
  return out;
}

std::string openFirstLibrary(const std::vector<std::string>& candidates, const std::function<bool(void*)>& bind,
                             std::string& errors) {
  for (const std::string& c : candidates) {
    void* lib = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* e = dlerror();
      if (errors.size() < 400) errors += std::string(errors.empty() ? "" : "; ") + (e ? e : c.c_str());
      continue;
    }
    if (bind(lib)) return c;
    errors += "; " + c + " lacks the entry points needed";
    dlclose(lib);
  }
  return "";
}

void* librarySymbol(void* lib, const char* name, const char* fallback) {
  void* p = dlsym(lib, name);
  if (!p && fallback) p = dlsym(lib, fallback);
  return p;
}

}  // namespace tts
