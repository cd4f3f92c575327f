/// The OpenAPI 3.1 description of every endpoint, served at `/openapi.json`.
///
/// Kept by hand beside the routes: a test checks that every route is described.
enum OpenAPIDocument {
    /// The document as JSON text.
    static let json = #"""
        {
         "openapi": "3.1.0",
         "info": {
          "title": "Verbatim API",
          "version": "0.1.0",
          "description": "Research interviews to analysable data. Every endpoint except /health and /openapi.json needs `Authorization: Bearer <token>`; errors are JSON `{\"error\":{\"code\",\"message\"}}` with a stable code (unauthenticated, token_revoked, token_expired, forbidden, not_a_member, last_study_admin, not_found, bad_request, invalid_input, conflict, duplicate_recording, too_large, unreadable_media, unknown_model...)."
         },
         "servers": [
          {
           "url": "/"
          }
         ],
         "security": [
          {
           "bearer": []
          }
         ],
         "paths": {
          "/health": {
           "get": {
            "summary": "Liveness check",
            "description": "Allowed: everyone.",
            "parameters": [],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "properties": {
                  "status": {
                   "type": "string"
                  }
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "security": []
           }
          },
          "/openapi.json": {
           "get": {
            "summary": "This document",
            "description": "Allowed: everyone.",
            "parameters": [],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "security": []
           }
          },
          "/me": {
           "get": {
            "summary": "The caller",
            "description": "Allowed: any authenticated user.",
            "parameters": [],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "properties": {
                  "user": {
                   "$ref": "#/components/schemas/User"
                  },
                  "isAdmin": {
                   "type": "boolean"
                  }
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/users": {
           "post": {
            "summary": "Create a user and issue their API token (shown once)",
            "description": "Allowed: installation administrator.",
            "parameters": [],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "properties": {
                  "user": {
                   "$ref": "#/components/schemas/User"
                  },
                  "token": {
                   "type": "string"
                  },
                  "isAdmin": {
                   "type": "boolean"
                  }
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "name",
                 "email"
                ],
                "properties": {
                 "name": {
                  "type": "string"
                 },
                 "email": {
                  "type": "string"
                 },
                 "isAdmin": {
                  "type": "boolean"
                 }
                }
               }
              }
             }
            }
           }
          },
          "/me/tokens": {
           "get": {"summary": "The caller's API tokens (metadata only, never the token)", "description": "Allowed: any authenticated user.", "parameters": [], "responses": {"200": {"description": "Success", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/paths/~1me~1tokens/post/responses/201/content/application~1json/schema/properties/info"}}}}}, "default": {"$ref": "#/components/responses/Error"}}},
           "post": {"summary": "Issue another API token for the caller (shown once; only its hash is kept)", "description": "Allowed: any authenticated user. The token has the caller's admin flag; it expires after expiresInDays (1-366) or the server's default (90 days).", "parameters": [], "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"label": {"type": "string"}, "expiresInDays": {"type": "integer"}}}}}}, "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"type": "object", "properties": {"token": {"type": "string"}, "info": {"type": "object", "properties": {"id": {"type": "integer", "format": "int64"}, "label": {"type": "string"}, "isAdmin": {"type": "boolean"}, "createdAt": {"type": "string", "format": "date-time"}, "expiresAt": {"type": "string", "format": "date-time"}, "revokedAt": {"type": "string", "format": "date-time"}, "lastUsedAt": {"type": "string", "format": "date-time"}, "status": {"type": "string", "enum": ["active", "revoked", "expired"]}, "current": {"type": "boolean"}}}}}}}}, "default": {"$ref": "#/components/responses/Error"}}}
          },
          "/me/tokens/{tokenID}": {
           "delete": {"summary": "Revoke one of the caller's tokens (its next request gets 401 token_revoked)", "description": "Allowed: the token's owner.", "parameters": [{"name": "tokenID", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}], "responses": {"200": {"description": "The revoked token's metadata", "content": {"application/json": {"schema": {"$ref": "#/paths/~1me~1tokens/post/responses/201/content/application~1json/schema/properties/info"}}}}, "default": {"$ref": "#/components/responses/Error"}}}
          },
          "/users/{userID}/tokens": {
           "get": {"summary": "A user's API tokens (metadata only)", "description": "Allowed: installation administrator.", "parameters": [{"name": "userID", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}], "responses": {"200": {"description": "Success", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/paths/~1me~1tokens/post/responses/201/content/application~1json/schema/properties/info"}}}}}, "default": {"$ref": "#/components/responses/Error"}}},
           "delete": {"summary": "Revoke all of a user's tokens (someone leaves)", "description": "Allowed: installation administrator.", "parameters": [{"name": "userID", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}], "responses": {"200": {"description": "How many were revoked", "content": {"application/json": {"schema": {"type": "object", "properties": {"userID": {"type": "integer", "format": "int64"}, "revoked": {"type": "integer"}}}}}}, "default": {"$ref": "#/components/responses/Error"}}}
          },
          "/studies": {
           "post": {
            "summary": "Create a study; the creator becomes its admin",
            "description": "Allowed: installation administrator.",
            "parameters": [],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Study"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "name"
                ],
                "properties": {
                 "name": {
                  "type": "string"
                 },
                 "details": {
                  "type": "string"
                 }
                }
               }
              }
             }
            }
           },
           "get": {
            "summary": "Studies the caller is a member of",
            "description": "Allowed: any authenticated user.",
            "parameters": [],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Study"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/studies/{studyID}": {
           "get": {
            "summary": "A study",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Study"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/studies/{studyID}/members": {
           "get": {
            "summary": "Members and their roles",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Membership"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/studies/{studyID}/members/{userID}": {
           "delete": {"summary": "Remove a member from the study (their next request to it gets 403; their codings stay)", "description": "Allowed: study admin. 409 last_study_admin for the study's last administrator.", "parameters": [{"name": "studyID", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}, {"name": "userID", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}], "responses": {"204": {"description": "Removed"}, "default": {"$ref": "#/components/responses/Error"}}},
           "put": {
            "summary": "Give a user a role in the study",
            "description": "Allowed: study admin.",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "userID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Membership"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "role"
                ],
                "properties": {
                 "role": {
                  "$ref": "#/components/schemas/Role"
                 }
                }
               }
              }
             }
            }
           }
          },
          "/studies/{studyID}/participants": {
           "post": {
            "summary": "Add a pseudonymous participant (audited)",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Participant"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "pseudonym"
                ],
                "properties": {
                 "pseudonym": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9_-]{1,32}$"
                 }
                }
               }
              }
             }
            }
           },
           "get": {
            "summary": "Participants of the study (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Participant"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/participants/{participantID}": {
           "get": {
            "summary": "A participant with attributes; coders do not see sensitive ones (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "properties": {
                  "participant": {
                   "$ref": "#/components/schemas/Participant"
                  },
                  "attributes": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Attribute"
                   }
                  }
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           },
           "delete": {
            "summary": "GDPR erasure of the participant and what is theirs; recordings shared with other participants stay (see the erasure preview)",
            "description": "Allowed: study admin.",
            "parameters": [
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "reason",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ErasureReport"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/participants/{participantID}/erasure": {
           "get": {
            "summary": "Preview of a GDPR erasure: which recordings go, which stay for other participants, and the counts (audited; nothing is removed)",
            "description": "Allowed: study admin.",
            "parameters": [
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ErasurePlan"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/participants/{participantID}/attributes/{name}": {
           "put": {
            "summary": "Set a case variable (audited)",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "name",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "value"
                ],
                "properties": {
                 "value": {
                  "type": "string"
                 },
                 "sensitive": {
                  "type": "boolean"
                 }
                }
               }
              }
             }
            }
           }
          },
          "/studies/{studyID}/recordings": {
           "post": {
            "summary": "Upload a recording as the raw request body or as the file part of multipart/form-data (streamed; SHA-256, duplicate check, probe). 409 duplicate_recording, 413 too_large, 422 unreadable_media.",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "title",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "recordedAt",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "ISO-8601 wall-clock start"
             }
            ],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Recording"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/octet-stream": {
               "schema": {
                "type": "string",
                "format": "binary"
               }
              },
              "multipart/form-data": {
               "schema": {
                "type": "object",
                "required": [
                 "file"
                ],
                "properties": {
                 "file": {
                  "type": "string",
                  "format": "binary"
                 },
                 "title": {
                  "type": "string"
                 },
                 "recordedAt": {
                  "type": "string",
                  "format": "date-time"
                 }
                }
               }
              }
             }
            }
           },
           "get": {
            "summary": "Recordings of the study",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Recording"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}": {
           "get": {
            "summary": "A recording",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Recording"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/media": {
           "get": {
            "summary": "The media file for playback; honours `Range: bytes=` (206, 416) (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder). Authenticated by the bearer token, or, for media elements that cannot send headers, by the `access` query parameter: a short-lived link from POST /recordings/{recordingID}/media-token (error `invalid_media_token` when it is wrong or expired).",
            "security": [
             {
              "bearer": []
             },
             {}
            ],
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "access",
              "in": "query",
              "required": false,
              "description": "A media token of this recording (instead of the Authorization header).",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "Range",
              "in": "header",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/octet-stream": {
                "schema": {
                 "type": "string",
                 "format": "binary"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/media-token": {
           "post": {
            "summary": "A short-lived link to play this recording without the Authorization header (media elements of the web pages)",
            "description": "Allowed: any member of the study (admin, researcher, coder). The token opens only this recording, only for the caller, for 15 minutes, and only until the server restarts; it is signed with HMAC-SHA256 under a key kept in the server's memory.",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "201": {
              "description": "Created",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "properties": {
                  "token": {
                   "type": "string"
                  },
                  "expiresAt": {
                   "type": "string",
                   "format": "date-time"
                  },
                  "url": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "token",
                  "expiresAt",
                  "url"
                 ]
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/participants": {
           "get": {
            "summary": "Participants linked to the recording (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/RecordingParticipant"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/participants/{participantID}": {
           "put": {
            "summary": "Link a participant with a role (interviewee, interviewer, caregiver...)",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/RecordingParticipant"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "role"
                ],
                "properties": {
                 "role": {
                  "type": "string"
                 }
                }
               }
              }
             }
            }
           }
          },
          "/recordings/{recordingID}/jobs": {
           "post": {
            "summary": "Queue a transcription job",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "202": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Job"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "model": {
                  "type": "string",
                  "enum": [
                   "whisper-base",
                   "whisper-tiny.en"
                  ]
                 },
                 "language": {
                  "type": "string"
                 },
                 "speakers": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 20
                 },
                 "prompt": {
                  "type": "string",
                  "maxLength": 1000
                 }
                }
               }
              }
             }
            }
           }
          },
          "/studies/{studyID}/jobs": {
           "get": {
            "summary": "Jobs of the study",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "state",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Job"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/jobs/{jobID}": {
           "get": {
            "summary": "A job",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "jobID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Job"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/jobs/{jobID}/cancel": {
           "post": {
            "summary": "Cancel a queued or running job",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "jobID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Job"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/jobs/{jobID}/retry": {
           "post": {
            "summary": "Queue a failed or cancelled job again (a new job)",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "jobID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "202": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Job"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/jobs/{jobID}/events": {
           "get": {
            "summary": "Server-sent events: `progress` on each change, then `done`",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "jobID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "text/event-stream": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/transcript": {
           "get": {
            "summary": "Current transcript version with segments, words, speakers (audited): the newest one holding human work (reviewed, corrected or coded), else the newest; a machine re-run becomes current once a person reviews or corrects it",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/TranscriptDetail"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/transcripts": {
           "get": {
            "summary": "All transcript versions, oldest first (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Transcript"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/transcripts/{transcriptID}": {
           "get": {
            "summary": "One transcript version (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "transcriptID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/TranscriptDetail"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/transcripts/{transcriptID}/versions": {
           "post": {
            "summary": "Edit: store a new version with corrections",
            "description": "Allowed: study admin or researcher. The edited version is kept; its codings are copied onto the new version at the same text (a coding of deleted text stays on the old version only), and its memos move with them.",
            "parameters": [
             {
              "name": "transcriptID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/TranscriptDetail"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "edits"
                ],
                "properties": {
                 "edits": {
                  "type": "array",
                  "items": {
                   "type": "object",
                   "required": [
                    "index"
                   ],
                   "properties": {
                    "index": {
                     "type": "integer"
                    },
                    "text": {
                     "type": "string"
                    },
                    "speakerLabel": {
                     "type": "string"
                    }
                   }
                  }
                 },
                 "status": {
                  "type": "string",
                  "enum": [
                   "draft",
                   "reviewed"
                  ]
                 }
                }
               }
              }
             }
            }
           }
          },
          "/recordings/{recordingID}/speakers": {
           "get": {
            "summary": "Speakers of the recording",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Speaker"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/speakers/{speakerID}": {
           "put": {
            "summary": "Link a speaker to a participant and/or mark the interviewer",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "speakerID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Speaker"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "participantID": {
                  "type": "integer"
                 },
                 "isInterviewer": {
                  "type": "boolean"
                 },
                 "label": {
                  "type": "string"
                 }
                }
               }
              }
             }
            }
           }
          },
          "/studies/{studyID}/codes": {
           "post": {
            "summary": "Add a code to the codebook",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Code"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "name"
                ],
                "properties": {
                 "name": {
                  "type": "string"
                 },
                 "parentID": {
                  "type": "integer"
                 },
                 "color": {
                  "type": "string",
                  "pattern": "^#[0-9A-Fa-f]{6}$"
                 },
                 "details": {
                  "type": "string"
                 }
                }
               }
              }
             }
            }
           },
           "get": {
            "summary": "The codebook",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Code"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/transcripts/{transcriptID}/codings": {
           "post": {
            "summary": "Code a character span (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "transcriptID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Coding"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "codeID",
                 "charStart",
                 "charEnd"
                ],
                "properties": {
                 "codeID": {
                  "type": "integer"
                 },
                 "charStart": {
                  "type": "integer"
                 },
                 "charEnd": {
                  "type": "integer"
                 }
                }
               }
              }
             }
            }
           },
           "get": {
            "summary": "Codings of a transcript version",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "transcriptID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Coding"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/transcripts/{transcriptID}/codings/{codingID}": {
           "delete": {
            "summary": "Remove a coding (coders: only their own)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "transcriptID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "codingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/studies/{studyID}/memos": {
           "post": {
            "summary": "Write a memo",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Memo"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "title",
                 "text"
                ],
                "properties": {
                 "title": {
                  "type": "string"
                 },
                 "text": {
                  "type": "string"
                 },
                 "participantID": {
                  "type": "integer"
                 },
                 "recordingID": {
                  "type": "integer"
                 },
                 "transcriptID": {
                  "type": "integer"
                 },
                 "codeID": {
                  "type": "integer"
                 },
                 "codingID": {
                  "type": "integer"
                 }
                }
               }
              }
             }
            }
           },
           "get": {
            "summary": "Memos of the study (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/Memo"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/studies/{studyID}/search": {
           "get": {
            "summary": "Full-text search over the newest transcripts (audited)",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "q",
              "in": "query",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "required": false,
              "schema": {
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/SearchHit"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/studies/{studyID}/export": {
           "get": {
            "summary": "Download an export: txt, srt, vtt, eaf (one recording), json, qdpx, csv (audited); sensitive attributes only for admins and researchers",
            "description": "Allowed: any member of the study (admin, researcher, coder).",
            "parameters": [
             {
              "name": "studyID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "format",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "recording",
              "in": "query",
              "required": false,
              "schema": {
               "type": "integer"
              }
             },
             {
              "name": "sensitive",
              "in": "query",
              "required": false,
              "schema": {
               "type": "boolean"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/octet-stream": {
                "schema": {
                 "type": "string",
                 "format": "binary"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/transcripts/{transcriptID}/agreement": {
           "get": {
            "summary": "Inter-coder agreement (kappa, alpha) per code and overall",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "transcriptID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "unit",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "coders",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "comma-separated user ids"
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/participants/{participantID}/biometrics": {
           "post": {
            "summary": "Import a wearable export (raw body; format detected: Empatica E4 ZIP, FIT, EDF/BDF, Apple Health XML, CSV) as biometric streams (audited). 422 unreadable_biometrics.",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "filename",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "original file name; its extension helps detection"
             }
            ],
            "responses": {
             "201": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "properties": {
                  "format": {
                   "type": "string"
                  },
                  "streams": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/BiometricStream"
                   }
                  },
                  "notes": {
                   "type": "array",
                   "items": {
                    "type": "string"
                   }
                  },
                  "markers": {
                   "type": "integer",
                   "description": "markers stored (E4 tags, EDF+ annotations, WFDB labels, FIT events)"
                  }
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/octet-stream": {
               "schema": {
                "type": "string",
                "format": "binary"
               }
              }
             }
            }
           },
           "get": {
            "summary": "Biometric streams of the participant (audited)",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/BiometricStream"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/participants/{participantID}/biometrics/markers": {
           "get": {
            "summary": "Markers of the participant's wearable files (E4 tags, EDF+ annotations, WFDB labels, FIT events), in time order (audited)",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "participantID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "type": "object",
                  "properties": {
                   "id": {
                    "type": "integer"
                   },
                   "studyID": {
                    "type": "integer"
                   },
                   "participantID": {
                    "type": "integer"
                   },
                   "time": {
                    "type": "string",
                    "format": "date-time"
                   },
                   "duration": {
                    "type": [
                     "number",
                     "null"
                    ]
                   },
                   "label": {
                    "type": "string"
                   },
                   "kind": {
                    "type": "string",
                    "enum": [
                     "tag",
                     "annotation",
                     "beat",
                     "deviceEvent"
                    ]
                   },
                   "source": {
                    "type": "string"
                   }
                  }
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/transcripts/{transcriptID}/biometrics": {
           "get": {
            "summary": "Heart rate (mean/min/max), RMSSD, SCR count and amplitude, activity and coverage per speaker turn, segment or coding, for each participant linked to the recording, lined up through the recording's clock (audited). 422 invalid_input when the recording has no wall-clock start.",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "transcriptID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "by",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string",
               "enum": [
                "turn",
                "segment",
                "coding"
               ]
              },
              "description": "turn (default), segment or coding"
             },
             {
              "name": "format",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string",
               "enum": [
                "json",
                "csv"
               ]
              },
              "description": "json (default) or csv (RFC 4180, header, UTF-8, . decimals)"
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "properties": {
                  "transcriptID": {
                   "type": "integer"
                  },
                  "recordingID": {
                   "type": "integer"
                  },
                  "unit": {
                   "type": "string"
                  },
                  "wallClockStart": {
                   "type": "string",
                   "format": "date-time"
                  },
                  "offset": {
                   "type": "number"
                  },
                  "rows": {
                   "type": "array",
                   "items": {
                    "type": "object",
                    "properties": {
                     "unit": {
                      "type": "string",
                      "enum": [
                       "turn",
                       "segment",
                       "coding"
                      ]
                     },
                     "index": {
                      "type": "integer"
                     },
                     "speaker": {
                      "type": "string"
                     },
                     "code": {
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "start": {
                      "type": "number"
                     },
                     "end": {
                      "type": "number"
                     },
                     "participant": {
                      "type": "string"
                     },
                     "participantSpeaking": {
                      "type": "boolean"
                     },
                     "heartRateMean": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "heartRateMin": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "heartRateMax": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "heartRateSource": {
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "heartRateCoverage": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "rmssd": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "beats": {
                      "type": [
                       "integer",
                       "null"
                      ]
                     },
                     "beatSource": {
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "beatCoverage": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "edaMean": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "scrCount": {
                      "type": [
                       "integer",
                       "null"
                      ]
                     },
                     "scrAmplitudeMean": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "edaCoverage": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "activityMean": {
                      "type": [
                       "number",
                       "null"
                      ]
                     },
                     "activityCoverage": {
                      "type": [
                       "number",
                       "null"
                      ]
                     }
                    }
                   }
                  }
                 }
                }
               },
               "text/csv": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/biometrics/series": {
           "get": {
            "summary": "The streams of the participants linked to the recording that overlap it, on its timeline (seconds from its start), each reduced to at most `points` points; gaps are null (audited).",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             },
             {
              "name": "kinds",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string"
              },
              "description": "comma-separated channel kinds (heartRate, rrInterval, bvp, eda, accX...); all when absent"
             },
             {
              "name": "points",
              "in": "query",
              "required": false,
              "schema": {
               "type": "integer"
              },
              "description": "at most this many points per stream (2-100000, default 2000)"
             },
             {
              "name": "reduce",
              "in": "query",
              "required": false,
              "schema": {
               "type": "string",
               "enum": [
                "mean",
                "minmax"
               ]
              },
              "description": "mean (default: one point per bucket) or minmax (smallest and largest sample per bucket)"
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "type": "object",
                  "properties": {
                   "streamID": {
                    "type": "integer"
                   },
                   "kind": {
                    "type": "string"
                   },
                   "unit": {
                    "type": "string"
                   },
                   "source": {
                    "type": "string"
                   },
                   "participant": {
                    "type": "string"
                   },
                   "times": {
                    "type": "array",
                    "items": {
                     "type": "number"
                    }
                   },
                   "values": {
                    "type": "array",
                    "items": {
                     "type": [
                      "number",
                      "null"
                     ]
                    }
                   }
                  }
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/recordings/{recordingID}/clock": {
           "get": {
            "summary": "The recording's clock: user-set wall-clock start, media creation time, offset correction, and the start used",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RecordingClock"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           },
           "put": {
            "summary": "Set the recording's wall-clock start and/or its offset correction (seconds), or the offset from a sync marker: syncMarkerID with markerPosition (audited); absent fields are kept. 422 invalid_input for a marker of a participant not linked to the recording.",
            "description": "Allowed: study admin or researcher.",
            "parameters": [
             {
              "name": "recordingID",
              "in": "path",
              "required": true,
              "schema": {
               "type": "integer",
               "format": "int64"
              }
             }
            ],
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "properties": {
                 "wallClockStart": {
                  "type": "string",
                  "format": "date-time"
                 },
                 "offset": {
                  "type": "number"
                 },
                 "syncMarkerID": {
                  "type": "integer",
                  "description": "a stored marker (GET /participants/{participantID}/biometrics/markers) of a participant linked to the recording; with markerPosition, sets the offset so that the marker falls there"
                 },
                 "markerPosition": {
                  "type": "number",
                  "description": "seconds into the recording at which the marker's event happens"
                 }
                }
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/RecordingClock"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/audit": {
           "get": {
            "summary": "Audit events in order",
            "description": "Allowed: installation administrator.",
            "parameters": [
             {
              "name": "after",
              "in": "query",
              "required": false,
              "schema": {
               "type": "integer"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "required": false,
              "schema": {
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "type": "array",
                 "items": {
                  "$ref": "#/components/schemas/AuditEvent"
                 }
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          },
          "/audit/verify": {
           "get": {
            "summary": "Recompute the audit hash chain",
            "description": "Allowed: installation administrator.",
            "parameters": [],
            "responses": {
             "200": {
              "description": "Success",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/AuditVerification"
                }
               }
              }
             },
             "default": {
              "$ref": "#/components/responses/Error"
             }
            }
           }
          }
         },
         "components": {
          "securitySchemes": {
           "bearer": {
            "type": "http",
            "scheme": "bearer"
           }
          },
          "schemas": {
           "BiometricStream": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "studyID": {
              "type": "integer"
             },
             "participantID": {
              "type": "integer"
             },
             "device": {
              "type": "string"
             },
             "label": {
              "type": "string"
             },
             "kind": {
              "type": "string"
             },
             "unit": {
              "type": "string"
             },
             "sampleRate": {
              "type": [
               "number",
               "null"
              ]
             },
             "channels": {
              "type": "integer"
             },
             "startTime": {
              "type": "string",
              "format": "date-time"
             },
             "sampleCount": {
              "type": "integer"
             },
             "format": {
              "type": "string"
             }
            }
           },
           "Error": {
            "type": "object",
            "properties": {
             "error": {
              "type": "object",
              "properties": {
               "code": {
                "type": "string"
               },
               "message": {
                "type": "string"
               }
              },
              "required": [
               "code",
               "message"
              ]
             }
            },
            "required": [
             "error"
            ]
           },
           "Role": {
            "type": "string",
            "enum": [
             "admin",
             "researcher",
             "coder"
            ]
           },
           "User": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "name": {
              "type": "string"
             },
             "email": {
              "type": "string"
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Study": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "name": {
              "type": "string"
             },
             "details": {
              "type": "string"
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Membership": {
            "type": "object",
            "properties": {
             "studyID": {
              "type": "integer"
             },
             "userID": {
              "type": "integer"
             },
             "role": {
              "$ref": "#/components/schemas/Role"
             }
            }
           },
           "Participant": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "studyID": {
              "type": "integer"
             },
             "pseudonym": {
              "type": "string"
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Attribute": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "participantID": {
              "type": "integer"
             },
             "name": {
              "type": "string"
             },
             "value": {
              "type": "string"
             },
             "isSensitive": {
              "type": "boolean"
             }
            }
           },
           "ErasureReport": {
            "type": "object",
            "properties": {
             "participantID": {
              "type": "integer"
             },
             "recordings": {
              "type": "integer"
             },
             "keptRecordings": {
              "type": "integer"
             },
             "transcripts": {
              "type": "integer"
             },
             "codings": {
              "type": "integer"
             },
             "memos": {
              "type": "integer"
             },
             "jobs": {
              "type": "integer"
             },
             "streams": {
              "type": "integer"
             },
             "removedFiles": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "failedFiles": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "auditEventID": {
              "type": "integer"
             }
            }
           },
           "ErasurePlan": {
            "type": "object",
            "properties": {
             "participantID": {
              "type": "integer"
             },
             "deletedRecordingIDs": {
              "type": "array",
              "items": {
               "type": "integer"
              }
             },
             "keptRecordingIDs": {
              "type": "array",
              "items": {
               "type": "integer"
              }
             },
             "transcripts": {
              "type": "integer"
             },
             "codings": {
              "type": "integer"
             },
             "memos": {
              "type": "integer"
             },
             "jobs": {
              "type": "integer"
             },
             "streams": {
              "type": "integer"
             },
             "markers": {
              "type": "integer"
             },
             "attributes": {
              "type": "integer"
             },
             "speakerLinks": {
              "type": "integer"
             }
            }
           },
           "Recording": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "studyID": {
              "type": "integer"
             },
             "title": {
              "type": "string"
             },
             "mediaPath": {
              "type": "string"
             },
             "fileHash": {
              "type": "string"
             },
             "container": {
              "type": "string"
             },
             "hasVideo": {
              "type": "boolean"
             },
             "audioChannels": {
              "type": [
               "integer",
               "null"
              ]
             },
             "duration": {
              "type": [
               "number",
               "null"
              ]
             },
             "recordedAt": {
              "type": "string",
              "format": "date-time"
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "RecordingParticipant": {
            "type": "object",
            "properties": {
             "recordingID": {
              "type": "integer"
             },
             "participantID": {
              "type": "integer"
             },
             "role": {
              "type": "string"
             }
            }
           },
           "Job": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "kind": {
              "type": "string"
             },
             "payload": {
              "type": "string"
             },
             "studyID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "state": {
              "type": "string",
              "enum": [
               "queued",
               "running",
               "succeeded",
               "failed",
               "cancelled"
              ]
             },
             "priority": {
              "type": "integer"
             },
             "attempts": {
              "type": "integer"
             },
             "maxAttempts": {
              "type": "integer"
             },
             "runAfter": {
              "type": "string",
              "format": "date-time"
             },
             "leaseOwner": {
              "type": [
               "string",
               "null"
              ]
             },
             "leaseExpiresAt": {
              "type": "string",
              "format": "date-time"
             },
             "progress": {
              "type": "number"
             },
             "error": {
              "type": [
               "string",
               "null"
              ]
             },
             "result": {
              "type": [
               "string",
               "null"
              ]
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             },
             "updatedAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Transcript": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "recordingID": {
              "type": "integer"
             },
             "version": {
              "type": "integer"
             },
             "basedOnID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "engine": {
              "type": "string"
             },
             "model": {
              "type": "string"
             },
             "language": {
              "type": "string"
             },
             "status": {
              "type": "string",
              "enum": [
               "draft",
               "reviewed"
              ]
             },
             "text": {
              "type": "string"
             },
             "createdBy": {
              "type": [
               "integer",
               "null"
              ]
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Segment": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "transcriptID": {
              "type": "integer"
             },
             "index": {
              "type": "integer"
             },
             "start": {
              "type": "number"
             },
             "end": {
              "type": "number"
             },
             "speakerID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "text": {
              "type": "string"
             },
             "confidence": {
              "type": [
               "number",
               "null"
              ]
             },
             "charStart": {
              "type": "integer"
             },
             "charEnd": {
              "type": "integer"
             }
            }
           },
           "Word": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "segmentID": {
              "type": "integer"
             },
             "index": {
              "type": "integer"
             },
             "start": {
              "type": "number"
             },
             "end": {
              "type": "number"
             },
             "text": {
              "type": "string"
             },
             "probability": {
              "type": [
               "number",
               "null"
              ]
             }
            }
           },
           "Speaker": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "recordingID": {
              "type": "integer"
             },
             "label": {
              "type": "string"
             },
             "participantID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "isInterviewer": {
              "type": "boolean"
             }
            }
           },
           "TranscriptDetail": {
            "type": "object",
            "properties": {
             "transcript": {
              "$ref": "#/components/schemas/Transcript"
             },
             "segments": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Segment"
              }
             },
             "words": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Word"
              }
             },
             "speakers": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Speaker"
              }
             }
            }
           },
           "Code": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "studyID": {
              "type": "integer"
             },
             "parentID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "name": {
              "type": "string"
             },
             "color": {
              "type": "string"
             },
             "details": {
              "type": "string"
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Coding": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "transcriptID": {
              "type": "integer"
             },
             "codeID": {
              "type": "integer"
             },
             "coderID": {
              "type": "integer"
             },
             "charStart": {
              "type": "integer"
             },
             "charEnd": {
              "type": "integer"
             },
             "startTime": {
              "type": "number"
             },
             "endTime": {
              "type": "number"
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "Memo": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "studyID": {
              "type": "integer"
             },
             "authorID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "title": {
              "type": "string"
             },
             "text": {
              "type": "string"
             },
             "participantID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "recordingID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "transcriptID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "codeID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "codingID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "SearchHit": {
            "type": "object",
            "properties": {
             "recordingID": {
              "type": "integer"
             },
             "transcriptID": {
              "type": "integer"
             },
             "segmentID": {
              "type": "integer"
             },
             "segmentIndex": {
              "type": "integer"
             },
             "start": {
              "type": "number"
             },
             "end": {
              "type": "number"
             },
             "speakerLabel": {
              "type": [
               "string",
               "null"
              ]
             },
             "text": {
              "type": "string"
             },
             "snippet": {
              "type": "string"
             }
            }
           },
           "AuditEvent": {
            "type": "object",
            "properties": {
             "id": {
              "type": "integer"
             },
             "at": {
              "type": "string",
              "format": "date-time"
             },
             "actorID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "action": {
              "type": "string"
             },
             "studyID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "targetKind": {
              "type": "string"
             },
             "targetID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "details": {
              "type": "string"
             },
             "previousHash": {
              "type": "string"
             },
             "hash": {
              "type": "string"
             }
            }
           },
           "AuditVerification": {
            "type": "object",
            "properties": {
             "eventCount": {
              "type": "integer"
             },
             "headHash": {
              "type": "string"
             },
             "problems": {
              "type": "array",
              "items": {
               "type": "string"
              }
             }
            }
           },
           "RecordingClock": {
            "type": "object",
            "properties": {
             "recordingID": {
              "type": "integer"
             },
             "wallClockStart": {
              "type": [
               "string",
               "null"
              ],
              "format": "date-time"
             },
             "recordedAt": {
              "type": [
               "string",
               "null"
              ],
              "format": "date-time"
             },
             "offset": {
              "type": "number"
             },
             "effectiveStart": {
              "type": [
               "string",
               "null"
              ],
              "format": "date-time"
             },
             "syncMarkerID": {
              "type": [
               "integer",
               "null"
              ]
             },
             "markerPosition": {
              "type": [
               "number",
               "null"
              ]
             }
            }
           }
          },
          "responses": {
           "Error": {
            "description": "An error with a stable code and a human message",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           }
          }
         }
        }
        """#
}
