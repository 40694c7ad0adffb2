/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fd-extension.h"
#include "fd-parser.h"

G_BEGIN_DECLS

/* An FdBodyParser for ListExtensions: the response's payload is a
 * GPtrArray (element-type FdExtension); dialect is OZEKI10 when any
 * extension carries a State or PhoneNumber, else XE. */
FdResponse *fd_extensions_parse          (const char  *data,
                                          gsize        length,
                                          GError     **error);

/* Takes the list out of a response fd_extensions_parse built. */
GPtrArray  *fd_extensions_response_steal (FdResponse  *response);

G_END_DECLS
