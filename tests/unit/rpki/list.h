/* Unit tests of src/rpki/, one TEST(name) per line; ASPA tests live in list_aspa.h. */
#include "list_aspa.h"
