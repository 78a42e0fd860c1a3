/* Every unit test: each module keeps its own list in tests/unit/<module>/list.h. */
#include "unit/lib/list.h"
#include "unit/net/list.h"
#include "unit/bgp/list.h"
#include "unit/mrt/list.h"
#include "unit/rpki/list.h"
#include "unit/irr/list.h"
#include "unit/topo/list.h"
#include "unit/refdata/list.h"
