// glibc's malloc tuning (mallopt), for the relief executable's start.
#include <malloc.h>
