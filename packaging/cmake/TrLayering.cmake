# Layering checks, run at configure time: the link lines are the contract
# app -> gui -> {studies, model} -> core (house-style.md). A violation stops the
# configure step with a message naming the target, the offending library and the
# path through which it arrived, so nobody can build a core that links Qt.
#
# tests/layering/ configures a small project that breaks the rule on purpose, so
# this check is itself tested.

# Strip the generator expressions CMake uses for private static-library deps.
function(_tr_plain_item item out)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
    set(${out} "${item}" PARENT_SCOPE)
endfunction()

# Collects the transitive link closure of TARGET as "path|item" pairs.
function(_tr_link_closure target out)
    set(result "")
    set(queue "${target}")
    set(seen "")
    while(queue)
        list(POP_FRONT queue current)
        if(current IN_LIST seen)
            continue()
        endif()
        list(APPEND seen "${current}")
        if(NOT TARGET "${current}")
            continue()
        endif()
        get_target_property(type "${current}" TYPE)
        get_target_property(imported "${current}" IMPORTED)
        set(deps "")
        if(NOT imported AND NOT type STREQUAL "INTERFACE_LIBRARY")
            get_target_property(direct "${current}" LINK_LIBRARIES)
            if(direct)
                list(APPEND deps ${direct})
            endif()
        endif()
        get_target_property(iface "${current}" INTERFACE_LINK_LIBRARIES)
        if(iface)
            list(APPEND deps ${iface})
        endif()
        foreach(dep IN LISTS deps)
            _tr_plain_item("${dep}" dep)
            if(dep STREQUAL "")
                continue()
            endif()
            list(APPEND result "${current} -> ${dep}")
            list(APPEND queue "${dep}")
        endforeach()
    endwhile()
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

# Fails if any library in TARGET's transitive link closure matches REGEX.
function(tr_forbid_links target regex)
    _tr_link_closure(${target} edges)
    foreach(edge IN LISTS edges)
        string(REGEX REPLACE "^.* -> " "" dep "${edge}")
        get_filename_component(name "${dep}" NAME)
        if(dep MATCHES "${regex}" OR name MATCHES "${regex}")
            message(FATAL_ERROR
                "Layering violation: ${target} must not link '${dep}' "
                "(arrived via ${edge}). The layers link strictly downwards: "
                "app -> gui -> {studies, model} -> core; see "
                "shared/docs/house-style.md. Move the code to the layer that may "
                "use this library, or depend on an interface in a lower layer.")
        endif()
    endforeach()
endfunction()

# Fails if TARGET itself (not what it inherits) links a library matching REGEX.
function(tr_forbid_direct_links target regex)
    get_target_property(direct ${target} LINK_LIBRARIES)
    foreach(dep IN LISTS direct)
        _tr_plain_item("${dep}" dep)
        if(dep MATCHES "${regex}")
            message(FATAL_ERROR
                "Layering violation: ${target} links '${dep}' directly. "
                "Reach it through the layer that owns it (house-style.md).")
        endif()
    endforeach()
endfunction()
