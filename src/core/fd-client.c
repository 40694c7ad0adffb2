/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "FdClient"

#include "config.h"

#include <glib/gi18n.h>

#include "fd-client.h"
#include "fd-client-url.h"
#include "fd-error.h"

#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#define READ_CHUNK (64 * 1024)

enum {
  PROP_0,
  PROP_URL,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_TIMEOUT,
  PROP_MAX_BODY_SIZE,
  PROP_PINNED_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _FdClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *url;
  char        *username;
  char        *password;            /* never logged, never in an error */
  double       timeout;
  gsize        max_body_size;
  char        *pinned_certificate;  /* lower-case hex SHA-256 */
  char        *rejected_certificate;
};

G_DEFINE_FINAL_TYPE (FdClient, fd_client, G_TYPE_OBJECT)

/* One request in flight: the message, the body read so far, and the
 * deadline that libsoup's per-I/O "timeout" does not give us. */
typedef struct {
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *cancellable;         /* ours, cancelled by the caller's too */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  gboolean      deadline_passed;
  char         *command;
  char         *display_url;
  FdBodyParser  parser;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_source_unref (request->deadline);
    }
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_object (&request->cancellable);
  g_free (request->command);
  g_free (request->display_url);
  g_free (request);
}

/* Anything the PBX echoes back (a 300 "parse error" quotes the request)
 * could carry the password: it is masked before any text leaves here. */
static char *
redact_secret (FdClient   *self,
               const char *text)
{
  g_autofree char *escaped = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *once = NULL;

  if (text == NULL)
    return NULL;
  if (self->password == NULL || *self->password == '\0')
    return g_strdup (text);

  parts = g_strsplit (text, self->password, -1);
  once = g_strjoinv ("****", parts);
  escaped = g_uri_escape_string (self->password, NULL, FALSE);
  g_strfreev (g_steal_pointer (&parts));
  parts = g_strsplit (once, escaped, -1);
  return g_strjoinv ("****", parts);
}

/* PBX text goes into one-line sentences: no control characters, valid
 * UTF-8, and at most 200 characters. */
static char *
sanitize_pbx_text (FdClient   *self,
                   const char *text)
{
  g_autofree char *redacted = redact_secret (self, text != NULL ? text : "");
  g_autofree char *valid = g_utf8_make_valid (redacted, -1);
  GString *out = g_string_new (NULL);
  guint count = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), count++)
    {
      gunichar c = g_utf8_get_char (p);

      if (count == 200)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
fd_client_dup_display_url (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), NULL);
  return fd_redact_url (self->url);
}

static char *
certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

/* Verification stays on; the one exception is the certificate whose
 * fingerprint the user chose to trust. Anything else is refused and its
 * fingerprint kept, so a dialog can show it. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  FdClient *self = user_data;
  g_autofree char *fingerprint = certificate_sha256 (certificate);

  if (fingerprint != NULL && self->pinned_certificate != NULL &&
      g_ascii_strcasecmp (fingerprint, self->pinned_certificate) == 0)
    {
      g_debug ("Accepting the pinned certificate %s", fingerprint);
      return TRUE;
    }

  g_free (self->rejected_certificate);
  self->rejected_certificate = g_steal_pointer (&fingerprint);
  return FALSE;
}

/* Whole sentences, so that the unit is translated with them: "1 second",
 * else "0.5 seconds", "10 seconds" (the locale writes the number). */
static GError *
timeout_error (const char *url,
               double      seconds)
{
  if (seconds == 1)
    return g_error_new (FD_ERROR, FD_ERROR_TIMEOUT, _("the PBX at %s did not answer within 1 second"), url);
  return g_error_new (FD_ERROR, FD_ERROR_TIMEOUT, _("the PBX at %s did not answer within %g seconds"), url, seconds);
}

static GError *
transport_error (FdClient     *self,
                 Request      *request,
                 const GError *error)
{
  const char *url = request->display_url;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !request->deadline_passed)
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return timeout_error (url, self->timeout);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (FD_ERROR, FD_ERROR_UNREACHABLE,
                        _("the PBX at %s refused the connection: is the HTTP API running on that port?"), url);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (FD_ERROR, FD_ERROR_UNREACHABLE,
                        _("the PBX at %s could not be found: its host name is unknown"), url);
  /* Loud: with a pin, another certificate is a changed server at best. */
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
      self->pinned_certificate != NULL && self->rejected_certificate != NULL)
    return g_error_new (FD_ERROR, FD_ERROR_TLS,
                        _("the certificate of the PBX at %s has CHANGED: it is not the one trusted in Preferences "
                        "(now SHA-256 %s); the PBX may have a new certificate, or someone may be intercepting "
                        "the connection"), url, self->rejected_certificate);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return g_error_new (FD_ERROR, FD_ERROR_TLS,
                        _("the PBX at %s presented a certificate that this computer does not trust"), url);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (FD_ERROR, FD_ERROR_TLS,
                        _("the secure connection to the PBX at %s failed: %s"), url, error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (FD_ERROR, FD_ERROR_PARSE,
                        _("the answer from the PBX at %s was cut short"), url);
  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (FD_ERROR, FD_ERROR_PARSE,
                        _("the PBX at %s did not answer in HTTP: %s"), url, error->message);
  return g_error_new (FD_ERROR, FD_ERROR_UNREACHABLE,
                      _("the PBX at %s could not be reached: %s"), url, error->message);
}

static GError *
api_error (FdClient   *self,
           Request    *request,
           FdResponse *response)
{
  const char *url = request->display_url;
  g_autofree char *message = sanitize_pbx_text (self, response->message);

  switch (response->code)
    {
    case 304:
      return g_error_new (FD_API_ERROR, 304,
                          _("the PBX at %s asks for a username and password (code 304)"), url);
    case 305:
      return g_error_new (FD_API_ERROR, 305,
                          _("the PBX at %s rejected the username or password (code 305)"), url);
    case 306:
      return g_error_new (FD_API_ERROR, 306,
                          _("the PBX at %s does not let this user use its API (code 306)"), url);
    case 307:
      return g_error_new (FD_API_ERROR, 307,
                          _("the PBX at %s does not accept API requests from this computer's address (code 307)"),
                          url);
    default:
      return g_error_new (FD_API_ERROR, response->code,
                          _("the PBX at %s answered %s with code %d%s%s"), url, request->command,
                          response->code, *message ? ": " : "", message);
    }
}

static void
return_error (GTask  *task,
              GError *error)
{
  FdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s to %s cancelled", request->command, request->display_url);
  else
    g_debug ("%s to %s failed: %s", request->command, request->display_url, error->message);
  (void) self;
  g_task_return_error (task, error);
}

static void
finish_body (GTask *task)
{
  FdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(FdResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = request->parser ((const char *) request->body->data, request->body->len, &error);
  if (response == NULL)
    {
      g_autofree char *reason = sanitize_pbx_text (self, error->message);
      int code = error->domain == FD_ERROR ? error->code : FD_ERROR_PARSE;

      return_error (task, g_error_new (FD_ERROR, code, _("the PBX at %s did not send an Ozeki API answer: %s"),
                                       request->display_url, reason));
      return;
    }
  if (response->code != FD_API_CODE_OK)
    {
      return_error (task, api_error (self, request, response));
      return;
    }

  g_debug ("%s to %s: %u calls, %u bytes", request->command, request->display_url,
           response->calls->len, request->body->len);
  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) fd_response_free);
}

static GError *
too_large_error (FdClient *self,
                 Request  *request)
{
  return g_error_new (FD_ERROR, FD_ERROR_TOO_LARGE,
                      _("the answer from the PBX at %s is larger than %zu bytes, "
                        "more than any list of calls needs"), request->display_url, self->max_body_size);
}

static void
read_next_chunk (GTask *task);

static void
on_chunk_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      return_error (task, transport_error (self, request, error));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      finish_body (task);
      return;
    }
  if (request->body->len + g_bytes_get_size (chunk) > self->max_body_size)
    {
      return_error (task, too_large_error (self, request));
      return;
    }
  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, on_chunk_read, task);
}

static GError *
check_status (FdClient *self,
              Request  *request)
{
  guint status = soup_message_get_status (request->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *reason = sanitize_pbx_text (self, soup_message_get_reason_phrase (request->message));

      return g_error_new (FD_ERROR, FD_ERROR_HTTP,
                          _("the PBX at %s answered with HTTP error %u%s%s"), request->display_url,
                          status, *reason ? " " : "", reason);
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->max_body_size)
    return too_large_error (self, request);
  return NULL;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FdClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *status_error;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      return_error (task, transport_error (self, request, error));
      return;
    }
  status_error = check_status (self, request);
  if (status_error != NULL)
    {
      return_error (task, status_error);
      return;
    }
  read_next_chunk (g_steal_pointer (&task));
}

static gboolean
on_deadline (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_passed = TRUE;
  g_cancellable_cancel (request->cancellable);
  g_clear_pointer (&request->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static Request *
request_new (FdClient     *self,
             const char   *command,
             GCancellable *cancellable)
{
  Request *request = g_new0 (Request, 1);

  request->command = g_strdup (command);
  request->parser = fd_parser_parse;
  request->display_url = fd_client_dup_display_url (self);
  request->body = g_byte_array_new ();
  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                       g_object_ref (request->cancellable),
                                                       g_object_unref);
    }
  request->deadline = g_timeout_source_new ((guint) ceil (self->timeout * 1000));
  g_source_set_callback (request->deadline, on_deadline, request, NULL);
  g_source_attach (request->deadline, g_main_context_get_thread_default ());
  return request;
}

/* Same request, deadline, cap and API-code check as
 * fd_client_send_async(), but the body is read by @parser: the way to
 * add a command whose answer is not a list of calls. A response with a
 * non-200 Code is an error either way. */
void
fd_client_send_with_parser_async (FdClient            *self,
                                  const char          *command,
                                  const char * const  *params,
                                  FdBodyParser         parser,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Request *request;

  g_return_if_fail (FD_IS_CLIENT (self));
  g_return_if_fail (command != NULL);
  g_return_if_fail (parser != NULL);

  /* The task checks the caller's cancellable, so a callback after
   * cancellation always sees G_IO_ERROR_CANCELLED, never a late success. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_client_send_async);

  if (!fd_client_validate_url (self->url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = request_new (self, command, cancellable);
  request->parser = parser;
  g_task_set_task_data (task, request, request_free);

  url = fd_client_build_request_url (self->url, self->username, self->password, command, params);
  request->message = soup_message_new (SOUP_METHOD_GET, url);
  explicit_bzero (url, strlen (url));
  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/xml, text/xml");
  g_signal_connect_object (request->message, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, 0);
  g_debug ("Sending %s to %s", command, request->display_url);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, on_sent, g_steal_pointer (&task));
}

void
fd_client_send_async (FdClient            *self,
                      const char          *command,
                      const char * const  *params,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  fd_client_send_with_parser_async (self, command, params, fd_parser_parse,
                                    cancellable, callback, user_data);
}

FdResponse *
fd_client_send_finish (FdClient      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_list_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(FdResponse) response = NULL;
  GError *error = NULL;

  response = fd_client_send_finish (FD_CLIENT (source), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (response->calls),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
fd_client_list_calls_async (FdClient            *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FD_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fd_client_list_calls_async);
  fd_client_send_async (self, "ListActiveCalls", NULL, cancellable, on_list_sent, task);
}

GPtrArray *
fd_client_list_calls_finish (FdClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
fd_client_dup_rejected_certificate (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), NULL);
  return g_strdup (self->rejected_certificate);
}

static void
update_session_timeout (FdClient *self)
{
  /* libsoup's own timeout bounds each read and write; the deadline in
   * request_new() bounds the whole exchange. */
  g_object_set (self->session, "timeout", (guint) ceil (self->timeout), NULL);
}

static void
fd_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FdClient *self = FD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_TIMEOUT:
      g_value_set_double (value, self->timeout);
      break;
    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, self->max_body_size);
      break;
    case PROP_PINNED_CERTIFICATE:
      g_value_set_string (value, self->pinned_certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fd_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FdClient *self = FD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      fd_client_set_url (self, g_value_get_string (value));
      break;
    case PROP_USERNAME:
      fd_client_set_username (self, g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      fd_client_set_password (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      fd_client_set_timeout (self, g_value_get_double (value));
      break;
    case PROP_MAX_BODY_SIZE:
      fd_client_set_max_body_size (self, g_value_get_uint64 (value));
      break;
    case PROP_PINNED_CERTIFICATE:
      fd_client_set_pinned_certificate (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clear_password (FdClient *self)
{
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
fd_client_dispose (GObject *object)
{
  FdClient *self = (FdClient *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fd_client_parent_class)->dispose (object);
}

static void
fd_client_finalize (GObject *object)
{
  FdClient *self = (FdClient *) object;

  clear_password (self);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->pinned_certificate, g_free);
  g_clear_pointer (&self->rejected_certificate, g_free);

  G_OBJECT_CLASS (fd_client_parent_class)->finalize (object);
}

static void
fd_client_class_init (FdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = fd_client_get_property;
  object_class->set_property = fd_client_set_property;
  object_class->dispose = fd_client_dispose;
  object_class->finalize = fd_client_finalize;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, FD_CLIENT_DEFAULT_URL, flags);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL, flags);
  /* Write-only so that no generic property dump can ever show it. */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_double ("timeout", NULL, NULL, 0.1, 3600, FD_CLIENT_DEFAULT_TIMEOUT, flags);
  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL, 1024, FD_PARSER_MAX_INPUT,
                         FD_CLIENT_DEFAULT_MAX_BODY, flags);
  properties[PROP_PINNED_CERTIFICATE] =
    g_param_spec_string ("pinned-certificate", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fd_client_init (FdClient *self)
{
  self->url = g_strdup (FD_CLIENT_DEFAULT_URL);
  self->timeout = FD_CLIENT_DEFAULT_TIMEOUT;
  self->max_body_size = FD_CLIENT_DEFAULT_MAX_BODY;
  self->session = soup_session_new_with_options ("user-agent", "Frontdesk/" PACKAGE_VERSION " ",
                                                 "idle-timeout", 30,
                                                 "max-conns-per-host", 2,
                                                 NULL);
  update_session_timeout (self);
}

FdClient *
fd_client_new (const char *url)
{
  return g_object_new (FD_TYPE_CLIENT, "url", url != NULL ? url : FD_CLIENT_DEFAULT_URL, NULL);
}

const char *
fd_client_get_url (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), NULL);
  return self->url;
}

/* A URL given with a trailing "?" or "/" is kept as typed; the request
 * builder takes care of the shape. */
void
fd_client_set_url (FdClient   *self,
                   const char *url)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (FD_IS_CLIENT (self));

  stripped = g_strstrip (g_strdup (url != NULL ? url : ""));
  if (g_strcmp0 (stripped, self->url) == 0)
    return;
  g_free (self->url);
  self->url = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
fd_client_get_username (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), NULL);
  return self->username;
}

void
fd_client_set_username (FdClient   *self,
                        const char *username)
{
  g_return_if_fail (FD_IS_CLIENT (self));

  if (g_strcmp0 (username, self->username) == 0)
    return;
  g_free (self->username);
  self->username = g_strdup (username);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

void
fd_client_set_password (FdClient   *self,
                        const char *password)
{
  g_return_if_fail (FD_IS_CLIENT (self));

  if (g_strcmp0 (password, self->password) == 0)
    return;
  clear_password (self);
  self->password = g_strdup (password);
}

gboolean
fd_client_has_password (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), FALSE);
  return self->password != NULL && *self->password != '\0';
}

double
fd_client_get_timeout (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), FD_CLIENT_DEFAULT_TIMEOUT);
  return self->timeout;
}

void
fd_client_set_timeout (FdClient *self,
                       double    seconds)
{
  g_return_if_fail (FD_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (seconds == self->timeout)
    return;
  self->timeout = seconds;
  update_session_timeout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

gsize
fd_client_get_max_body_size (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), 0);
  return self->max_body_size;
}

void
fd_client_set_max_body_size (FdClient *self,
                             gsize     bytes)
{
  g_return_if_fail (FD_IS_CLIENT (self));

  bytes = MIN (bytes, (gsize) FD_PARSER_MAX_INPUT);
  if (bytes == self->max_body_size)
    return;
  self->max_body_size = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

const char *
fd_client_get_pinned_certificate (FdClient *self)
{
  g_return_val_if_fail (FD_IS_CLIENT (self), NULL);
  return self->pinned_certificate;
}

void
fd_client_set_pinned_certificate (FdClient   *self,
                                  const char *sha256_hex)
{
  g_return_if_fail (FD_IS_CLIENT (self));

  if (sha256_hex != NULL && *sha256_hex == '\0')
    sha256_hex = NULL;
  if (g_strcmp0 (sha256_hex, self->pinned_certificate) == 0)
    return;
  g_free (self->pinned_certificate);
  self->pinned_certificate = g_strdup (sha256_hex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_CERTIFICATE]);
}
